package bitbisect.writer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The fault lab's filesystem (lab/faultfs) mounted for one test over a backing directory, with
 * the rules given (lab/README.md lists them). Built with gcc and libfuse3, mounted as root, as in
 * CI; where that cannot be done the test is skipped, unless BITBISECT_REQUIRE_LAB=1 (set by
 * .ci/run) makes it a failure. Unmounted on close.
 */
final class FaultfsMount implements AutoCloseable {

    private static final Path BUILD = Path.of("..", "lab", "faultfs", "build.sh");

    private final Path mountpoint;
    private final Process daemon;

    private FaultfsMount(Path mountpoint, Process daemon) {
        this.mountpoint = mountpoint;
        this.daemon = daemon;
    }

    static FaultfsMount mount(Path work, String rules) throws IOException, InterruptedException {
        Path backing = Files.createDirectories(work.resolve("backing"));
        Path mountpoint = Files.createDirectories(work.resolve("mnt"));
        Path log = work.resolve("faultfs.log");
        Process build = new ProcessBuilder("bash", "-c", ". \"$0\" && faultfs_build \"$1\"", BUILD.toString(),
                work.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        needs(build.waitFor() == 0, "building lab/faultfs needs gcc, pkg-config and libfuse3-dev: "
                + Files.readString(log));
        Process daemon = new ProcessBuilder(work.resolve("faultfs").toString(), "--rules", rules, backing.toString(),
                mountpoint.toString(), "-f").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 200 && daemon.isAlive() && !mounted(mountpoint); i++) {
            Thread.sleep(25);
        }
        if (!mounted(mountpoint)) {
            daemon.destroyForcibly();
            needs(false, "mounting faultfs needs root and /dev/fuse: " + Files.readString(log));
        }
        return new FaultfsMount(mountpoint, daemon);
    }

    Path dir() {
        return mountpoint;
    }

    /** Stops the daemon (SIGSTOP): every call the kernel cannot answer from its caches now waits. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(daemon.pid())).start().waitFor();
    }

    private static boolean mounted(Path dir) throws IOException, InterruptedException {
        return new ProcessBuilder("mountpoint", "-q", dir.toString()).start().waitFor() == 0;
    }

    private static void needs(boolean condition, String why) {
        if ("1".equals(System.getenv("BITBISECT_REQUIRE_LAB"))) {
            assertTrue(condition, why + " (BITBISECT_REQUIRE_LAB=1)");
        }
        assumeTrue(condition, why);
    }

    @Override
    public void close() throws IOException {
        try {
            signal("CONT");
            new ProcessBuilder("fusermount3", "-u", "-z", mountpoint.toString()).start().waitFor();
            daemon.destroy();
            if (!daemon.waitFor(5, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        } catch (InterruptedException e) {
            daemon.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
