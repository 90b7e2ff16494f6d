package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts that stop answering, on the SSH lab: a host frozen with SIGSTOP (sshd and writer alike,
 * as in a kernel stall or an NFS server taking sshd with it) and a host whose link is cut. Their
 * runs must end unreachable within the executor's deadlines, the other host goes on, the sweep
 * ends, and a later sweep completes it. Then a chaos run: the coordinator killed at random
 * moments while hosts freeze and links drop, ending with the totals of an undisturbed sweep.
 */
class HostFailureIT {

    /**
     * From a freeze to a host given up: keepalives unanswered (4 x 5 s, plus one interval), then
     * four login attempts (each at most the 45 s login deadline) with 1 + 3 + 9 s between them.
     */
    private static final Duration GIVE_UP_BOUND = Duration.ofSeconds(25 + 4 * 45 + 13 + 10);

    private static Lab lab;
    private static Lab.Shared shared;

    @TempDir
    Path work;

    @BeforeAll
    static void up() throws Exception {
        shared = Lab.Shared.up(Files.createTempDirectory("bitbisect-lab"), 3);
        lab = shared.lab();
    }

    @org.junit.jupiter.api.BeforeEach
    void labIsUp() {
        shared.assumeUp();
    }

    @AfterAll
    static void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    private String matrix(String name, String timeout, int iterations) {
        StringBuilder m = new StringBuilder("name: " + name + "\nhosts:\n");
        for (int i = 1; i <= 3; i++) {
            m.append(lab.host(i, lab.knownHosts(), "{local: /mnt/local/" + name + "}"));
        }
        return m + "axes: {sync: [buffered, fsync], size: [1MiB, 4MiB]}\n"
                + "work: {iterations: " + iterations + "}\n"
                + "run: {seed: 11, timeout: " + timeout + ", parallel_hosts: 3}\n";
    }

    @Test
    void aFrozenHostAndACutLinkEndTheirRunsWithinTheDeadlinesAndTheSweepGoesOn() throws Exception {
        Files.writeString(work.resolve("m.yaml"), matrix("frozen", "30s", 25));
        RunnerJar runner = new RunnerJar(work);
        Process sweep = runner.builder("sweep", "m.yaml", "--allow-label-mismatch").redirectErrorStream(true)
                .redirectOutput(work.resolve("first.log").toFile()).start();
        Instant stopped;
        try {
            waitForFinishes(sweep, List.of("labh2", "labh3"));
            Lab.freeze(2);
            Lab.link(3, false);
            stopped = Instant.now();
            assertTrue(sweep.waitFor(GIVE_UP_BOUND.toSeconds() + 30, TimeUnit.SECONDS),
                    "the sweep ended without the frozen and the cut-off host:\n" + Files.readString(work.resolve("first.log")));
        } finally {
            sweep.destroyForcibly();
            Lab.thaw(2);
            Lab.link(3, true);
        }
        Duration toEnd = Duration.between(stopped, Instant.now());
        String log = Files.readString(work.resolve("first.log"));
        assertEquals(3, sweep.exitValue(), log);

        Map<String, List<RunSummary>> runs = summaries(work.resolve("results"));
        for (String host : List.of("labh2", "labh3")) {
            List<RunSummary> of = runs.values().stream().map(l -> l.get(0)).filter(r -> r.host().equals(host)).toList();
            assertTrue(of.stream().anyMatch(r -> r.status() == RunStatus.UNREACHABLE), host + ": " + of);
            of.forEach(r -> assertTrue(r.status() == RunStatus.CLEAN || r.status() == RunStatus.UNREACHABLE,
                    "never hung, never evidence: " + r));
        }
        runs.values().stream().map(l -> l.get(0)).filter(r -> r.host().equals("labh1"))
                .forEach(r -> assertEquals(RunStatus.CLEAN, r.status(), "the healthy host went on: " + r));
        System.out.printf("HostFailureIT: freeze and cut link to the sweep's end: %.1f s (bound %d s)%n",
                toEnd.toMillis() / 1000.0, GIVE_UP_BOUND.toSeconds());
        assertTrue(toEnd.compareTo(GIVE_UP_BOUND) < 0, "ended " + toEnd + " after the freeze\n" + log);

        RunnerJar.Result resumed = runner.run("sweep", "m.yaml", "--allow-label-mismatch");

        assertEquals(0, resumed.exit(), resumed.stdout() + resumed.stderr());
        Map<String, List<RunSummary>> after = summaries(work.resolve("results"));
        assertEquals(12, after.size());
        after.values().forEach(list -> assertEquals(RunStatus.CLEAN, list.get(0).status(), list.toString()));
    }

    /**
     * The coordinator is killed (SIGKILL) at random moments, one host freezes long enough to be
     * given up and thaws, another's link goes down and up; then the same command runs once more,
     * undisturbed. The store must hold exactly what an undisturbed sweep of the same matrix and
     * seed holds, and no run may have outlived its bound.
     */
    @Test
    void chaosEndsWithTheTotalsOfAnUndisturbedSweep() throws Exception {
        Files.writeString(work.resolve("m.yaml"), matrix("chaos", "1m", 6));
        RunnerJar runner = new RunnerJar(work);
        RunnerJar.Result calm = runner.run("sweep", "m.yaml", "--allow-label-mismatch", "--results", "calm");
        assertEquals(0, calm.exit(), calm.stdout() + calm.stderr());

        Random chaos = new Random(20261130L);
        for (int round = 1; round <= 4; round++) {
            Process sweep = runner.builder("sweep", "m.yaml", "--allow-label-mismatch", "--results", "chaos")
                    .redirectErrorStream(true).redirectOutput(work.resolve("chaos-" + round + ".log").toFile()).start();
            try {
                Thread.sleep(1_000 + chaos.nextInt(4_000));
                switch (round) {
                    case 1 -> sweep.destroyForcibly(); // kill -9 mid-sweep
                    case 2 -> { // labh2 freezes for longer than the keepalives allow, then thaws
                        Lab.freeze(2);
                        Thread.sleep(30_000);
                        Lab.thaw(2);
                        sweep.destroyForcibly();
                    }
                    case 3 -> { // labh3's link goes down for a while, and the coordinator dies meanwhile
                        Lab.link(3, false);
                        Thread.sleep(8_000 + chaos.nextInt(4_000));
                        sweep.destroyForcibly();
                        Lab.link(3, true);
                    }
                    default -> {
                        Lab.freeze(1);
                        Thread.sleep(2_000);
                        Lab.thaw(1); // a short stall: the run goes on
                        sweep.destroyForcibly();
                    }
                }
                sweep.waitFor(30, TimeUnit.SECONDS);
            } finally {
                sweep.destroyForcibly();
                Lab.thaw(1);
                Lab.thaw(2);
                Lab.link(3, true);
            }
        }
        RunnerJar.Result last = runner.run("sweep", "m.yaml", "--allow-label-mismatch", "--results", "chaos");

        assertEquals(0, last.exit(), last.stdout() + last.stderr());
        Map<String, List<RunSummary>> undisturbed = summaries(work.resolve("calm"));
        Map<String, List<RunSummary>> disturbed = summaries(work.resolve("chaos"));
        assertEquals(undisturbed.keySet(), disturbed.keySet());
        for (String cell : undisturbed.keySet()) {
            List<RunSummary> a = undisturbed.get(cell);
            List<RunSummary> b = disturbed.get(cell);
            assertEquals(a.size(), b.size(), cell + ": one run each, none counted twice");
            assertEquals(RunStatus.CLEAN, b.get(0).status(), b.toString());
            assertEquals(a.get(0).iterations(), b.get(0).iterations(), cell);
            assertEquals(a.get(0).bytesVerified(), b.get(0).bytesVerified(), cell);
            assertTrue(b.get(0).elapsedSeconds() < 60 + 20, "within the timeout and its grace: " + b);
        }
        assertTrue(last.stdout().contains("12 of 12 planned runs done"), last.stdout());
    }

    /**
     * A link cut long enough for the connection to drop, then back: the host and its writer lived
     * on. Before the retry starts, the lost attempt's writer is ended (never two writers of one
     * run on one disk), and the console and the journal say so.
     */
    @Test
    void aWriterLeftByALostConnectionIsEndedBeforeItsRetryStarts() throws Exception {
        Files.writeString(work.resolve("m.yaml"), "name: orphan\nhosts:\n"
                + lab.host(3, lab.knownHosts(), "{local: /mnt/local/orphan}")
                + "axes: {sync: [fsync], size: [1MiB]}\nwork: {duration: 45s}\n"
                + "run: {seed: 3, timeout: 3m}\n");
        RunnerJar runner = new RunnerJar(work);
        Path log = work.resolve("orphan.log");
        Process sweep = runner.builder("sweep", "m.yaml", "--allow-label-mismatch").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean together = false;
        boolean secondSeen = false;
        try {
            until(() -> !writers("-r1.bin").isEmpty(), Duration.ofSeconds(60), "attempt 1's writer runs", log);
            Lab.link(3, false);
            until(() -> Files.readString(log).contains("trying again in"), Duration.ofSeconds(60),
                    "the coordinator saw the connection drop", log);
            Lab.link(3, true);
            assertTrue(!writers("-r1.bin").isEmpty(), "attempt 1's writer lived on beyond its lost connection");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (sweep.isAlive() && System.nanoTime() < deadline) {
                // One look at the process table: attempt 2's writer and attempt 1's, never both.
                List<String> both = writers("-r1");
                boolean second = both.stream().anyMatch(a -> a.contains("-r1-a2.bin"));
                secondSeen |= second;
                together |= second && both.stream().anyMatch(a -> a.contains("-r1.bin"));
                Thread.sleep(50);
            }
            assertTrue(sweep.waitFor(60, TimeUnit.SECONDS), Files.readString(log));
        } finally {
            Lab.link(3, true);
            sweep.destroyForcibly();
        }
        String out = Files.readString(log);
        assertEquals(0, sweep.exitValue(), out);
        assertTrue(secondSeen, "attempt 2 ran: " + out);
        assertTrue(!together, "attempt 2 never ran beside attempt 1's writer: " + out);
        assertTrue(out.contains("labh3: ended the writer of bitbisect-"), out);
        Path journal = journal(work.resolve("results"));
        assertTrue(Files.readAllLines(journal).stream().anyMatch(l -> l.contains("\"what\":\"start\"")
                && l.contains("attempt 2; labh3: ended the writer of bitbisect-")), Files.readString(journal));
        RunSummary run = summaries(work.resolve("results")).values().iterator().next().get(0);
        assertEquals(RunStatus.CLEAN, run.status(), run.toString());
        assertEquals(2, run.attempt(), run.toString());
        System.out.println("HostFailureIT: " + out.lines().filter(l -> l.contains("ended the writer")
                || l.contains("trying again")).toList());
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void until(Condition c, Duration limit, String what, Path log) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within " + limit.toSeconds() + " s:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    /** The command lines of writer JVMs (not their timeout(1) or shell) whose file name contains {@code mark}, on any lab host. */
    private static List<String> writers(String mark) throws java.io.IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> {
                try {
                    String[] argv = new String(Files.readAllBytes(p.resolve("cmdline"))).split("\0");
                    return argv[0].equals("java") || argv[0].endsWith("/java") ? String.join(" ", argv) : "";
                } catch (java.io.IOException gone) {
                    return "";
                }
            }).filter(a -> a.contains("/mnt/local/orphan/") && a.contains(mark)).toList();
        }
    }

    /** Waits until each of {@code hosts} has finished a run of the sweep, so that the next one is under way. */
    private void waitForFinishes(Process sweep, List<String> hosts) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && sweep.isAlive()) {
            Path journal = journal(work.resolve("results"));
            if (journal != null) {
                List<String> lines = Files.readAllLines(journal);
                if (hosts.stream().allMatch(h -> lines.stream()
                        .anyMatch(l -> l.contains("\"what\":\"finish\"") && l.contains("\"host\":\"" + h + "\"")))) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no run finished on " + hosts + ":\n" + Files.readString(work.resolve("first.log")));
    }

    private static Path journal(Path results) throws Exception {
        if (!Files.isDirectory(results)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.map(d -> d.resolve("journal.jsonl")).filter(Files::exists).findFirst().orElse(null);
        }
    }

    private static Map<String, List<RunSummary>> summaries(Path results) throws Exception {
        try (Stream<Path> dirs = Files.list(results);
             ResultsStore store = ResultsStore.openForReading(dirs.filter(Files::isDirectory).findFirst().orElseThrow())) {
            return store.summaries();
        }
    }
}
