package bitbisect.runner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Slurm cluster of lab/slurm.sh, for tests: slurmctld and slurmd daemons for nodes n1..nN on
 * loopback. Needs root and Debian's Slurm packages (CI installs them); elsewhere the tests that
 * use it are skipped, or fail under BITBISECT_REQUIRE_LAB=1.
 */
final class SlurmLab implements AutoCloseable {

    static final Path SCRIPT = Path.of("../lab/slurm.sh").toAbsolutePath().normalize();
    final Path dir;

    private SlurmLab(Path dir) {
        this.dir = dir;
    }

    /**
     * Up in {@code dir}, which the daemons' users (slurm, munge) must be able to reach: not
     * below a private temporary directory.
     */
    static SlurmLab up(Path dir, int nodes) throws IOException, InterruptedException {
        Lab.needs("root".equals(System.getProperty("user.name")), "the Slurm lab needs root (CI runs as root)");
        Lab.needs(Files.isExecutable(Path.of("/usr/sbin/slurmctld")), "the Slurm lab needs slurmctld, slurmd,"
                + " slurm-client and munge (.ci/run installs them)");
        SlurmLab lab = new SlurmLab(dir);
        lab.script("down"); // a cluster left by an earlier, killed run
        if (lab.script("up", Integer.toString(nodes)) != 0) {
            lab.script("down");
            throw new IOException("lab/slurm.sh up failed; see " + dir + ".log and " + dir + "/log");
        }
        return lab;
    }

    /** The environment every Slurm command (and bitbisect) needs to find this cluster. */
    Map<String, String> env() {
        return Map.of("SLURM_CONF", dir.resolve("slurm.conf").toString());
    }

    private int script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolveSibling(dir.getFileName() + ".log").toFile()));
        pb.environment().put("SLURM_LAB", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Runs a Slurm client command against this cluster and returns its stdout; a failure throws. */
    String command(String... argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }

    /**
     * Waits until Slurm can start jobs on {@code node}: a node resumed after being taken down
     * stays NOT_RESPONDING until slurmctld's next ping reaches its slurmd (every few seconds here).
     */
    void awaitUsable(String node, int seconds) throws IOException, InterruptedException {
        // The states in which the sweep's preflight skips a node (SlurmClient), as scontrol shows them.
        Pattern unusable = Pattern.compile("\\bState=\\S*(DOWN|DRAIN|FAIL|NOT_RESPONDING)");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String shown;
        while (unusable.matcher(shown = command("scontrol", "show", "node", "-o", node)).find()) {
            if (System.nanoTime() > until) {
                throw new IOException("node " + node + " is not usable after " + seconds + " s: " + shown);
            }
            Thread.sleep(500);
        }
    }

    /** Slurm's own record of every job that ended: one line each in jobcomp.txt. */
    List<String> finishedJobs() throws IOException {
        Path record = dir.resolve("log/jobcomp.txt");
        return Files.exists(record) ? Files.readAllLines(record) : List.of();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("down");
    }
}
