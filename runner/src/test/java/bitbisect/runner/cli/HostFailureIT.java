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
import java.util.ArrayList;
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
 * ends, and a later sweep completes it. A writer a lost connection left is ended before its
 * retry. Then a chaos run: a full results disk, a kill -9, a Ctrl-C, a cut link, a frozen host
 * and a substituted cell, with hostile writers among the cells, ending with the totals of an
 * undisturbed sweep.
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
     * Chaos in the manner of Jepsen: the same matrix (with hostile writers among its variants) swept
     * once undisturbed, and once through a full results disk, a kill -9, a Ctrl-C, a cut link, a
     * frozen host and a cell substituted from the other sweep; then the same command once more,
     * undisturbed. The store must hold what the undisturbed sweep holds, run for run, and at no
     * point may a writer outlive a stop or run beside another attempt of its own run.
     */
    @Test
    void chaosEndsWithTheTotalsOfAnUndisturbedSweep() throws Exception {
        Files.writeString(work.resolve("m.yaml"), chaosMatrix());
        RunnerJar runner = new RunnerJar(work);
        RunnerJar.Result calm = runner.run("sweep", "m.yaml", "--allow-label-mismatch", "--results", "calm");
        assertEquals(3, calm.exit(), "the hostile writers' runs are errors: " + calm.stdout() + calm.stderr());

        Path chaosDir = Files.createDirectories(work.resolve("chaos"));
        assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", chaosDir.toString())
                .inheritIO().start().waitFor());
        List<String> said = new ArrayList<>();
        try {
            // 1. The results disk is full: one line saying so, exit 3, nothing lost.
            Path ballast = chaosDir.resolve("ballast");
            Files.write(ballast, new byte[(int) (Files.getFileStore(chaosDir).getUsableSpace() - 64 * 1024)]);
            RunnerJar.Result full = runner.run("sweep", "m.yaml", "--allow-label-mismatch", "--results", "chaos");
            assertEquals(3, full.exit(), full.stdout() + full.stderr());
            assertTrue(full.stderr().contains("results directory full"), full.stderr());
            Files.delete(ballast);

            // 2. kill -9 mid-sweep: its writers run on to their end, as documented; wait for that.
            Random chaos = new Random(20261130L);
            Process killed = chaosSweep(runner, "kill");
            Thread.sleep(1_000 + chaos.nextInt(3_000));
            killed.destroyForcibly();
            killed.waitFor(30, TimeUnit.SECONDS);
            waitForNoWriters(Duration.ofSeconds(90));

            // 3. Ctrl-C once writers run: every one ends before the coordinator exits.
            Process interrupted = chaosSweep(runner, "int");
            until(() -> !chaosWriters().isEmpty(), Duration.ofSeconds(60), "a writer runs", work.resolve("chaos-int.log"));
            new ProcessBuilder("kill", "-INT", Long.toString(interrupted.pid())).start().waitFor();
            assertTrue(interrupted.waitFor(20, TimeUnit.SECONDS), "exits within the bound");
            assertEquals(130, interrupted.exitValue(), Files.readString(work.resolve("chaos-int.log")));
            assertEquals(List.of(), chaosWriters(), "no writer outlives a Ctrl-C");
            said.add(Files.readString(work.resolve("chaos-int.log")).lines().filter(l -> l.startsWith("stopped:"))
                    .findFirst().orElse("no stopped line"));

            // 4. labh3's link is cut under a writer until the coordinator sees the connection go, then
            // comes back: the retry never runs beside the writer of the attempt it replaces.
            Process cut = chaosSweep(runner, "link");
            Path cutLog = work.resolve("chaos-link.log");
            boolean together = false;
            try {
                until(() -> chaosWriters().stream().anyMatch(w -> w.contains("bitbisect-labh3.")), Duration.ofSeconds(60),
                        "a writer runs on labh3", cutLog);
                Lab.link(3, false);
                until(() -> Files.readString(cutLog).contains("trying again in"), Duration.ofSeconds(60),
                        "the coordinator saw labh3's connection go", cutLog);
                Lab.link(3, true);
                long watch = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (System.nanoTime() < watch && cut.isAlive()) {
                    together |= twoAttemptsOfOneRun(chaosWriters());
                    Thread.sleep(50);
                }
            } finally {
                Lab.link(3, true);
            }
            assertTrue(!together, "two attempts of one run at once: " + Files.readString(cutLog));
            new ProcessBuilder("kill", "-TERM", Long.toString(cut.pid())).start().waitFor();
            assertTrue(cut.waitFor(20, TimeUnit.SECONDS));
            assertEquals(List.of(), chaosWriters(), "no writer outlives a SIGTERM");
            said.addAll(Files.readString(cutLog).lines().filter(l -> l.contains("trying again") || l.contains("ended the writer")).toList());

            // 5. labh2 freezes longer than the keepalives allow, then thaws; the coordinator dies meanwhile.
            Process frozen = chaosSweep(runner, "freeze");
            try {
                Thread.sleep(1_000 + chaos.nextInt(2_000));
                Lab.freeze(2);
                Thread.sleep(30_000);
            } finally {
                Lab.thaw(2);
                frozen.destroyForcibly();
            }
            frozen.waitFor(30, TimeUnit.SECONDS);
            waitForNoWriters(Duration.ofSeconds(90));

            // 6. A cell of the other sweep (same matrix, same id, made elsewhere) copied over one of this sweep's.
            Path calmDir = onlyDir(work.resolve("calm"));
            Path chaosSweepDir = onlyDir(chaosDir);
            String substituted;
            try (Stream<Path> cells = Files.list(chaosSweepDir.resolve("cells"))) {
                substituted = cells.map(p -> p.getFileName().toString()).filter(c -> c.startsWith("labh1.")).sorted()
                        .findFirst().orElseThrow();
            }
            deleteTree(chaosSweepDir.resolve("cells").resolve(substituted));
            copyTree(calmDir.resolve("cells").resolve(substituted), chaosSweepDir.resolve("cells").resolve(substituted));
            RunnerJar.Result status = runner.run("status", "--results", chaosDir.toString());
            if (Files.exists(chaosSweepDir.resolve("cells").resolve(substituted).resolve("run-001.json"))) {
                assertTrue(status.stdout().contains("copied from another sweep?"), status.stdout());
            }

            // Then the same command, undisturbed.
            RunnerJar.Result last = runner.run("sweep", "m.yaml", "--allow-label-mismatch", "--results", "chaos");

            assertEquals(calm.exit(), last.exit(), last.stdout() + last.stderr());
            Map<String, List<RunSummary>> undisturbed = summaries(work.resolve("calm"));
            Map<String, List<RunSummary>> disturbed = summaries(chaosDir);
            assertEquals(undisturbed.keySet(), disturbed.keySet());
            for (String cell : undisturbed.keySet()) {
                List<RunSummary> a = undisturbed.get(cell);
                List<RunSummary> b = disturbed.get(cell);
                assertEquals(a.size(), b.size(), cell + ": one run each, none counted twice");
                assertEquals(a.get(0).status(), b.get(0).status(), b.toString());
                assertEquals(a.get(0).message(), b.get(0).message(), cell);
                assertEquals(a.get(0).iterations(), b.get(0).iterations(), cell);
                assertEquals(a.get(0).bytesVerified(), b.get(0).bytesVerified(), cell);
                assertTrue(b.get(0).elapsedSeconds() < 60 + 20, "within the timeout and its grace: " + b);
            }
            assertTrue(last.stdout().contains("16 of 16 planned runs done"), last.stdout());
            assertTrue(!runner.run("status", "--results", chaosDir.toString()).stdout().contains("store problems"),
                    "nothing left to name");
            System.out.println("HostFailureIT chaos: " + said);
        } finally {
            Lab.thaw(2);
            Lab.link(3, true);
            new ProcessBuilder("umount", "-l", chaosDir.toString()).inheritIO().start().waitFor();
        }
    }

    /**
     * Three hosts x two sync modes x two sizes, and on labh1 the four writers that lie (a line of
     * 20 MB, a corruption event under a clean end, a word outside the file, control characters and
     * no end): 16 cells, 4 of them errors in every sweep.
     */
    private String chaosMatrix() throws java.io.IOException {
        StringBuilder variants = new StringBuilder("variants:\n  default: {}\n");
        StringBuilder include = new StringBuilder("include:\n");
        HostileWriters.write(work, 20_000_000).forEach((name, script) -> {
            variants.append("  ").append(name).append(": {java: ").append(script).append("}\n");
            include.append("  - {host: labh1, sync: buffered, size: 1MiB, variant: ").append(name).append("}\n");
        });
        StringBuilder m = new StringBuilder("name: chaos\nhosts:\n");
        for (int i = 1; i <= 3; i++) {
            m.append(lab.host(i, lab.knownHosts(), "{local: /mnt/local/chaos}"));
        }
        return m + variants.toString() + "axes: {sync: [buffered, fsync], size: [1MiB, 4MiB], variant: [default]}\n"
                + include + "work: {iterations: 20}\nrun: {seed: 11, timeout: 1m, parallel_hosts: 3}\n";
    }

    private Process chaosSweep(RunnerJar runner, String round) throws java.io.IOException {
        return runner.builder("sweep", "m.yaml", "--allow-label-mismatch", "--results", "chaos").redirectErrorStream(true)
                .redirectOutput(work.resolve("chaos-" + round + ".log").toFile()).start();
    }

    /** The command lines of the chaos sweep's writer JVMs, on any lab host. */
    private static List<String> chaosWriters() throws java.io.IOException {
        return WriterProcesses.under("/mnt/local/chaos/");
    }

    /** Whether two writers are attempts of one run of one cell (bitbisect-CELL-rN.bin and bitbisect-CELL-rN-aK.bin). */
    private static boolean twoAttemptsOfOneRun(List<String> writers) {
        java.util.regex.Pattern file = java.util.regex.Pattern.compile("bitbisect-(\\S+?-r\\d+)(-a\\d+)?\\.bin");
        List<String> runs = writers.stream().map(file::matcher).filter(java.util.regex.Matcher::find)
                .map(mt -> mt.group(1)).toList();
        return runs.size() != new java.util.HashSet<>(runs).size();
    }

    private static void waitForNoWriters(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!chaosWriters().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "writers left by a kill -9 end by their timeout: " + chaosWriters());
            Thread.sleep(200);
        }
    }

    private static Path onlyDir(Path results) throws java.io.IOException {
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
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

    /** The command lines of the orphan test's writer JVMs whose file name contains {@code mark}, on any lab host. */
    private static List<String> writers(String mark) throws java.io.IOException {
        return WriterProcesses.under("/mnt/local/orphan/").stream().filter(a -> a.contains(mark)).toList();
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
