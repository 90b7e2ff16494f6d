package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps through a real Slurm (lab/slurm.sh: slurmctld and three slurmd on loopback): every run
 * is a step of one job per node, as Slurm's own job record shows; a coordinator killed with
 * SIGKILL leaves its jobs running and the next command adopts them; a node taken DOWN and a job
 * that reaches its time limit leave their runs unreachable, never clean or corrupt, and the
 * same sweep run again later runs them.
 */
class SlurmSweepIT {

    private static SlurmLab lab;
    private static String unavailable;

    @TempDir
    Path work;

    @BeforeAll
    static void up() throws Exception {
        try {
            lab = SlurmLab.up(Path.of("/tmp/bitbisect-slurm-it"), 3);
        } catch (org.opentest4j.TestAbortedException e) {
            unavailable = e.getMessage();
        }
    }

    @AfterAll
    static void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void aClusterAtRest() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(lab != null, unavailable);
        lab.command("scancel", "--user=root");
        for (String node : List.of("n1", "n2", "n3")) {
            if (lab.command("sinfo", "-h", "-n", node, "-o", "%T").strip().startsWith("down")) {
                lab.command("scontrol", "update", "nodename=" + node, "state=resume");
            }
        }
    }

    private String matrix(String hosts, String axes, String work) {
        return "name: hunt\nhosts:\n" + hosts + "axes: {storage: [local], " + axes + "}\nwork: " + work + "\n"
                + "run: {seed: 3, per_host: 1, timeout: 2m}\n";
    }

    /** On the shared /var/tmp: the steps run as the job's user, in the daemons' view of the disk. */
    private String storage() {
        return "    storage: {local: /var/tmp/bitbisect-slurm-it}\n";
    }

    @Test
    void everyRunIsAStepOfOneJobPerNodeAndAKilledCoordinatorsJobsAreAdopted() throws Exception {
        Files.writeString(work.resolve("m.yaml"), matrix("  - slurm: {nodes: \"n[1-3]\", time: 30m}\n" + storage(),
                "sync: [buffered, fsync], size: [1MiB, 4MiB], readback: [cached, direct]", "{iterations: 5}"));
        RunnerJar runner = new RunnerJar(work);
        String[] command = {"sweep", "m.yaml", "--results", "results"};

        Process coordinator = startUntil(runner, command, 120, () -> runFiles().size() >= 4);
        assertTrue(coordinator.isAlive(), "killed mid-sweep: " + Files.readString(work.resolve("first.log")));
        coordinator.destroyForcibly(); // SIGKILL: no shutdown hook cancels the jobs
        coordinator.waitFor();
        Map<Path, String> before = new TreeMap<>();
        for (Path f : runFiles()) {
            before.put(f, Files.readString(f));
        }
        String jobName = "bitbisect-" + sweepDir().getFileName();
        assertEquals(3, lab.command("squeue", "-h", "--name=" + jobName, "-t", "RUNNING", "-o", "%i").strip()
                .lines().count(), "the dead coordinator's jobs still hold their nodes");

        RunnerJar.Result orphaned = runner.run(lab.env(), "status", "--results", "results");
        assertTrue(orphaned.stdout().contains("slurm jobs still written down as holding their nodes: ")
                && orphaned.stdout().contains("scancel --name=" + jobName), orphaned.stdout());

        RunnerJar.Result resumed = runner.run(lab.env(), command);

        assertEquals(0, resumed.exit(), resumed.stdout() + resumed.stderr());
        String journal = Files.readString(sweepDir().resolve("journal.jsonl"));
        assertEquals(3, journal.lines().filter(l -> l.contains("\"job_held\"") && l.contains("adopted")).count(), journal);
        before.forEach((file, text) -> assertEquals(text, read(file), "a run finished before the kill is kept as it was"));
        try (ResultsStore store = ResultsStore.openForReading(sweepDir())) {
            List<RunSummary> runs = store.summaries().values().stream().flatMap(List::stream).toList();
            assertEquals(24, runs.stream().filter(r -> r.status() == RunStatus.CLEAN).count(), runs.toString());
        }
        assertTrue(!runner.run(lab.env(), "status", "--results", "results").stdout().contains("slurm jobs"),
                "every job released");
        // Slurm's own record: one job per node for both coordinators together, every one ended.
        assertTrue(lab.command("squeue", "-h", "--name=" + jobName).isBlank(), "no job left behind");
        List<String> jobs = lab.finishedJobs().stream().filter(l -> l.contains("Name=" + jobName + " ")).toList();
        assertEquals(3, jobs.size(), String.join("\n", jobs));
        assertTrue(jobs.stream().allMatch(l -> l.contains("JobState=COMPLETED")), String.join("\n", jobs));
    }

    @Test
    void aNodeTakenDownAndAJobOutOfTimeLeaveTheirRunsUnreachableAndTheSameSweepRunsThemLater() throws Exception {
        // n3's job may run one minute: Slurm ends it (TIMEOUT) while its ten runs, 8 s each, go on.
        Files.writeString(work.resolve("m.yaml"), matrix("  - slurm: {nodes: \"n[1-2]\"}\n" + storage()
                        + "  - slurm: {node: n3, time: 1m}\n" + storage(),
                "sync: [buffered, fsync, osync, odsync, direct], size: [1MiB, 2MiB]", "{duration: 8s}")
                + "exclude: [{host: n1, size: 2MiB}, {host: n2, size: 2MiB}]\n");
        RunnerJar runner = new RunnerJar(work);
        String[] command = {"sweep", "m.yaml", "--results", "results"};
        Process first = startUntil(runner, command, 150, () -> finishedOn("n2") >= 3);
        lab.command("scontrol", "update", "nodename=n2", "state=down", "reason=taken down by SlurmSweepIT");
        assertTrue(first.waitFor(4, TimeUnit.MINUTES), "the sweep ends");
        String log = Files.readString(work.resolve("first.log"));
        assertEquals(Bitbisect.EXIT_INCOMPLETE, first.exitValue(), log);

        try (ResultsStore store = ResultsStore.openForReading(sweepDir())) {
            List<RunSummary> runs = store.summaries().values().stream().flatMap(List::stream).toList();
            assertTrue(runs.stream().noneMatch(r -> r.status() == RunStatus.CORRUPT), runs.toString());
            assertTrue(runs.stream().filter(r -> r.host().equals("n1")).allMatch(r -> r.status() == RunStatus.CLEAN),
                    "n1 went on: " + runs);
            List<RunSummary> lostOnN2 = runs.stream().filter(r -> r.host().equals("n2")
                    && r.status() == RunStatus.UNREACHABLE).toList();
            assertTrue(!lostOnN2.isEmpty() && lostOnN2.stream().anyMatch(r -> r.message().contains("node n2 is DOWN")),
                    "n2's runs after it went down: " + lostOnN2);
        }
        // The run the time limit cut is unreachable; it ran again, in a new job, as a later attempt.
        List<String> n3 = new java.util.ArrayList<>();
        for (Path f : allRunFiles()) {
            if (f.getParent().getFileName().toString().startsWith("n3.")) {
                com.fasterxml.jackson.databind.JsonNode run = bitbisect.writer.event.EventCodec.mapper().readTree(f.toFile());
                n3.add(f.getParent().getFileName() + "/" + f.getFileName() + ": " + run.path("status").asText() + " "
                        + run.path("message").asText(""));
            }
        }
        System.out.println("n3's runs and attempts:\n  " + String.join("\n  ", n3));
        assertTrue(n3.stream().anyMatch(l -> l.contains("unreachable") && l.contains("TIMEOUT")), String.join("\n", n3));

        lab.command("scontrol", "update", "nodename=n2", "state=resume");
        lab.awaitUsable("n2", 90); // until then the sweep rightly skips n2 as NOT_RESPONDING
        RunnerJar.Result again = runner.run(lab.env(), command);

        assertEquals(0, again.exit(), again.stdout() + again.stderr());
        assertTrue(again.stdout().contains("20 of 20 planned runs done"), again.stdout());
    }

    @Test
    void aNodeTheClusterLacksOrWhoseFeaturesContradictItsLabelStopsTheSweepBeforeAnyJob() throws Exception {
        lab.command("scontrol", "update", "nodename=n2", "availablefeatures=kernel_5.5", "activefeatures=kernel_5.5");
        try {
            Files.writeString(work.resolve("m.yaml"), matrix("  - slurm: {nodes: \"n[1-2]\"}\n"
                    + "    labels: {kernel: \"5.1\"}\n" + storage(), "sync: [buffered]", "{iterations: 1}"));
            RunnerJar runner = new RunnerJar(work);
            int jobsBefore = lab.finishedJobs().size();

            RunnerJar.Result mislabelled = runner.run(lab.env(), "sweep", "m.yaml", "--results", "results");
            assertEquals(2, mislabelled.exit(), mislabelled.stderr());
            assertTrue(mislabelled.stderr().contains("n2 is labelled kernel 5.1 but its Slurm features say kernel 5.5"),
                    mislabelled.stderr());

            Files.writeString(work.resolve("m.yaml"), Files.readString(work.resolve("m.yaml")).replace("n[1-2]", "n[2,9]"));
            RunnerJar.Result unknown = runner.run(lab.env(), "sweep", "m.yaml", "--results", "results",
                    "--allow-label-mismatch");
            assertEquals(2, unknown.exit(), unknown.stderr());
            assertTrue(unknown.stderr().contains("n9: Slurm has no node n9"), unknown.stderr());
            assertTrue(lab.command("squeue", "-h").isBlank(), "no job submitted");
            assertEquals(jobsBefore, lab.finishedJobs().size(), "no job ran");
        } finally {
            lab.command("scontrol", "update", "nodename=n2", "availablefeatures=", "activefeatures=");
        }
    }

    @Test
    void aSignalEndsEveryStepAndEveryJobBeforeTheCoordinatorExits() throws Exception {
        Files.writeString(work.resolve("m.yaml"), matrix("  - slurm: {nodes: \"n[1-2]\", time: 30m}\n" + storage(),
                "sync: [buffered, fsync], size: [1MiB]", "{iterations: 100000}"));
        RunnerJar runner = new RunnerJar(work);
        Process coordinator = startUntil(runner, new String[] {"sweep", "m.yaml", "--results", "results"}, 120,
                () -> writers().size() >= 2);
        String jobName = "bitbisect-" + sweepDir().getFileName();
        try {
            assertEquals(2, writers().size(), "a writer on each node: " + Files.readString(work.resolve("first.log")));
            long sent = System.nanoTime();
            new ProcessBuilder("kill", "-TERM", Long.toString(coordinator.pid())).start().waitFor();
            assertTrue(coordinator.waitFor(20, TimeUnit.SECONDS), "the coordinator exits within the bound");
            double seconds = (System.nanoTime() - sent) / 1e9;
            String log = Files.readString(work.resolve("first.log"));
            assertEquals(143, coordinator.exitValue(), log);
            assertTrue(log.contains("stopped: 2 writers ended on 2 hosts"), log);
            assertEquals(List.of(), writers(), "no writer outlives the coordinator on any node");
            assertTrue(lab.command("squeue", "-h", "--name=" + jobName).isBlank(), "no job left holding a node");
            assertEquals(List.of(), runFiles(), "runs cut short keep no summary: the same command runs them again");
            System.out.printf("SlurmSweepIT: SIGTERM to exit %.1f s: %s%n", seconds,
                    log.lines().filter(l -> l.startsWith("stop")).toList());
        } finally {
            coordinator.destroyForcibly();
            lab.command("scancel", "--name=" + jobName);
        }
    }

    /** The writer JVMs running under this test's storage, on any node. */
    private static List<String> writers() throws java.io.IOException {
        return WriterProcesses.under("/var/tmp/bitbisect-slurm-it");
    }

    /** A condition the test waits for. */
    private interface Until {
        boolean reached() throws Exception;
    }

    /** Starts bitbisect with its output in first.log and returns once {@code until} holds, it ended, or the time is up. */
    private Process startUntil(RunnerJar runner, String[] command, int seconds, Until until) throws Exception {
        ProcessBuilder pb = runner.builder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("first.log").toFile());
        pb.environment().putAll(lab.env());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!until.reached() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return p;
    }

    private Path sweepDir() throws Exception {
        try (Stream<Path> dirs = Files.list(work.resolve("results"))) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** Every run summary written so far. */
    private List<Path> runFiles() throws Exception {
        return ResultFiles.named(work.resolve("results"), "run-\\d+\\.json");
    }

    /** Every run summary, earlier attempts included (run-001.attempt1.json). */
    private List<Path> allRunFiles() throws Exception {
        return ResultFiles.named(work.resolve("results"), "run-\\d+(\\.attempt\\d+)?\\.json");
    }

    /** Runs of {@code host} whose summary is written. */
    private long finishedOn(String host) throws Exception {
        return runFiles().stream().filter(f -> f.getParent().getFileName().toString().startsWith(host + ".")).count();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
