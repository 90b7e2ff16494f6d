package bitbisect.runner.cli;

import java.io.IOException;

/** A command named a sweep that is not in --results (or there is none yet): a usage error, nothing ran. */
final class NoSuchSweep extends IOException {

    NoSuchSweep(String message) {
        super(message);
    }
}
