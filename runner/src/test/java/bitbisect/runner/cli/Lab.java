package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The SSH lab of lab/lab.sh, for tests: N hosts labh1.. on 10.250.0.11.., each with its own sshd.
 * Needs root and the lab's tools (CI installs them); elsewhere the tests that use it are skipped.
 */
final class Lab implements AutoCloseable {

    static final Path SCRIPT = Path.of("../lab/lab.sh").toAbsolutePath().normalize();
    final Path dir;
    final int hosts;
    private final java.util.Map<String, String> env;

    private Lab(Path dir, int hosts, java.util.Map<String, String> env) {
        this.dir = dir;
        this.hosts = hosts;
        this.env = env;
    }

    /**
     * Skips the test when the lab cannot run here (not root, no sshd), unless
     * BITBISECT_REQUIRE_LAB=1 (set by .ci/run): then that is a failure, so a CI run that could not
     * test over SSH is never green.
     */
    static void needs(boolean condition, String why) {
        if ("1".equals(System.getenv("BITBISECT_REQUIRE_LAB"))) {
            org.junit.jupiter.api.Assertions.assertTrue(condition, why + " (BITBISECT_REQUIRE_LAB=1)");
        }
        assumeTrue(condition, why);
    }

    /** A lab shared by a test class: null and the reason when it cannot run here (each test then skips). */
    record Shared(Lab lab, String unavailable) {

        static Shared up(Path dir, int hosts) throws IOException, InterruptedException {
            try {
                return new Shared(Lab.up(dir, hosts), null);
            } catch (org.opentest4j.TestAbortedException e) {
                return new Shared(null, e.getMessage());
            }
        }

        /** In @BeforeEach: skips the test (counted as skipped, not as never run) when there is no lab. */
        void assumeUp() {
            assumeTrue(lab != null, unavailable);
        }
    }

    static Lab up(Path dir, int hosts) throws IOException, InterruptedException {
        return up(dir, hosts, java.util.Map.of());
    }

    /** A lab with per-host settings, such as FAULT_labh2=flip,unsynced (see lab/lab.sh). */
    static Lab up(Path dir, int hosts, java.util.Map<String, String> env) throws IOException, InterruptedException {
        needs("root".equals(System.getProperty("user.name")), "the SSH lab needs root (CI runs as root)");
        needs(Files.isExecutable(Path.of("/usr/sbin/sshd")), "the SSH lab needs openssh-server (.ci/run installs it)");
        Lab lab = new Lab(dir, hosts, env);
        lab.script("down"); // a lab left by an earlier, killed run
        if (lab.script("up") != 0) {
            throw new IOException("lab/lab.sh up failed; see " + dir + "/lab.log");
        }
        return lab;
    }

    int script(String verb) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), verb, Integer.toString(hosts))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("lab.log").toFile()));
        pb.environment().put("LAB", dir.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    static String address(int host) {
        return "10.250.0." + (10 + host);
    }

    /**
     * Kills every process in lab host {@code i}'s namespace (sshd, sessions, writers) and waits until none is left.
     * A process may exit between listing and kill, so kill's own failures are ignored and the namespace is listed again.
     */
    static void killEverythingIn(int i) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Process list = new ProcessBuilder("ip", "netns", "pids", "labh" + i).redirectErrorStream(true).start();
            String pids = new String(list.getInputStream().readAllBytes()).trim();
            if (list.waitFor() != 0) {
                throw new IOException("ip netns pids labh" + i + " failed: " + pids);
            }
            if (pids.isEmpty()) {
                return;
            }
            for (String pid : pids.split("\\s+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
            Thread.sleep(50);
        }
        throw new IOException("processes in labh" + i + " survived kill -9 for 20 s");
    }

    /** Stops (SIGSTOP) every process of lab host {@code i}: its sshd, sessions and writers freeze, as in a kernel stall. */
    static void freeze(int i) throws IOException, InterruptedException {
        signalAll(i, "STOP");
    }

    /** Lets every process of lab host {@code i} go on (SIGCONT). */
    static void thaw(int i) throws IOException, InterruptedException {
        signalAll(i, "CONT");
    }

    private static void signalAll(int i, String signal) throws IOException, InterruptedException {
        Process list = new ProcessBuilder("ip", "netns", "pids", "labh" + i).redirectErrorStream(true).start();
        String pids = new String(list.getInputStream().readAllBytes()).trim();
        if (list.waitFor() != 0) {
            throw new IOException("ip netns pids labh" + i + " failed: " + pids);
        }
        for (String pid : pids.split("\\s+")) {
            if (!pid.isEmpty()) {
                new ProcessBuilder("kill", "-" + signal, pid).start().waitFor(); // one that exited meanwhile is no error
            }
        }
    }

    /** Takes lab host {@code i}'s only link down (true) or up: packets to and from it are dropped, as on a cut cable. */
    static void link(int i, boolean up) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-n", "labh" + i, "link", "set", "eth0", up ? "up" : "down")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("ip -n labh" + i + " link set eth0 failed: " + out);
        }
    }

    Path key() {
        return dir.resolve("keys/id_ed25519");
    }

    Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    /** A matrix host entry reaching lab host {@code i} with the given known_hosts file. */
    String host(int i, Path knownHosts, String storageYaml) {
        return host(i, "{kernel: \"k" + i + "\"}", knownHosts, storageYaml);
    }

    /** The same with the given labels, as YAML flow mapping. */
    String host(int i, String labelsYaml, Path knownHosts, String storageYaml) {
        return "  - {name: labh" + i + ", labels: " + labelsYaml + ", ssh: {address: " + address(i)
                + ", user: root, identity: " + key() + ", known_hosts: " + knownHosts + "}, storage: " + storageYaml + "}\n";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("down");
    }
}
