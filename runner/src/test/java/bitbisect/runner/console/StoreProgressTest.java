package bitbisect.runner.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StoreProgressTest {

    @Test
    void saysReadingTheStoreUntilAStepIsNamed() {
        StoreProgress progress = new StoreProgress("cube");
        assertEquals("cube: reading the store, 0 s", progress.text());

        progress.step("writing cube.h5");

        assertEquals("cube: writing cube.h5, 0 s", progress.text());
    }
}
