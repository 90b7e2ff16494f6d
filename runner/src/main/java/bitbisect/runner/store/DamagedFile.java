package bitbisect.runner.store;

import java.io.IOException;
import java.nio.file.Path;

/** A store file that does not parse; the message names the file and the place in it. */
final class DamagedFile extends IOException {

    private final String problem;

    DamagedFile(Path file, String problem, Throwable cause) {
        super(file + " " + problem, cause);
        this.problem = problem;
    }

    /** What is wrong, without the file's name. */
    String problem() {
        return problem;
    }
}
