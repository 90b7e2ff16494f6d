package bitbisect.runner.store;

import java.io.IOException;

/** Another bitbisect process holds the sweep (a sweep or rerun is writing it); nothing was run. */
public final class SweepInUse extends IOException {

    SweepInUse(String message) {
        super(message);
    }
}
