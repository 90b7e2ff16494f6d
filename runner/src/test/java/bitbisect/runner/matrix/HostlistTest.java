package bitbisect.runner.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Slurm's host list syntax, expanded as scontrol show hostnames does. */
class HostlistTest {

    @Test
    void rangesListsPaddingAndProducts() {
        assertEquals(List.of("n1", "n2", "n3", "n7"), Hostlist.expand("n[1-3,7]"));
        assertEquals(List.of("gpu08", "gpu09", "gpu10"), Hostlist.expand("gpu[08-10]"));
        assertEquals(List.of("r1a1", "r1a2", "r2a1", "r2a2"), Hostlist.expand("r[1-2]a[1-2]"));
        assertEquals(List.of("n1", "n2", "login1"), Hostlist.expand("n[1-2],login1"));
        assertEquals(List.of("solo"), Hostlist.expand("solo"));
    }

    @Test
    void mistakesSayWhat() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Hostlist.expand("n[1-3")).getMessage()
                .contains("never closed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Hostlist.expand("n[a-b]")).getMessage()
                .contains("is not a number or a range"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Hostlist.expand("n[1-3],,n4")).getMessage()
                .contains("empty name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Hostlist.expand("n[1-999999]")).getMessage()
                .contains("more than 100000 names"));
    }
}
