package bitbisect.writer.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A real tmpfs mounted for one test (needs root, as in CI): small ones to fill up, read-only
 * ones to refuse writes. Unmounted on close.
 */
final class TmpfsMount implements AutoCloseable {

    private final Path dir;

    private TmpfsMount(Path dir) {
        this.dir = dir;
    }

    static TmpfsMount mount(Path dir, String options) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                .inheritIO().start().waitFor();
        assumeTrue(exit == 0, "mounting a tmpfs needs root (CI runs as root)");
        return new TmpfsMount(dir);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", dir.toString()).inheritIO().start().waitFor();
    }
}
