package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real local sweeps through the packaged runner and writer. */
class SweepIT {

    @TempDir
    Path work;

    private Path sweepDir() throws IOException {
        try (Stream<Path> dirs = Files.list(work.resolve("results"))) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private Map<String, List<RunSummary>> summaries() throws IOException {
        try (ResultsStore store = ResultsStore.openForReading(sweepDir())) {
            return store.summaries();
        }
    }

    /**
     * A bit flipped in a cell's file while the writer is still writing it (as a faulty client or
     * server would) is found by the sweep at its exact offset and mask, and the file is kept.
     */
    @Test
    void aSweepFindsACorruptionInjectedIntoACellsFile() throws Exception {
        Path storage = Files.createDirectories(work.resolve("disk"));
        Files.writeString(work.resolve("m.yaml"), """
                name: inject
                hosts: [{name: localhost, storage: {local: %s}}]
                axes: {storage: [local], sync: [odsync], size: [64MiB]}
                work: {iterations: 3, block: 64KiB}
                run: {seed: 1, timeout: 2m}
                """.formatted(storage));
        AtomicReference<Path> flipped = new AtomicReference<>();
        Thread flipper = new Thread(() -> flipOnceWhileWriting(storage, flipped));
        flipper.start();

        RunnerJar.Result r = new RunnerJar(work).run("sweep", "m.yaml");

        flipper.interrupt();
        flipper.join();
        assertTrue(flipped.get() != null, "the flipper reached a file while it was being written");
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("corrupt 1"), r.stdout());
        assertTrue(r.stdout().contains("rerun: bitbisect rerun localhost.local.odsync.64MiB.cached.default.alternating"),
                r.stdout());
        RunSummary run = summaries().get("localhost.local.odsync.64MiB.cached.default.alternating").get(0);
        assertEquals(RunStatus.CORRUPT, run.status());
        assertEquals(1, run.corruptWords());
        assertEquals(1, run.corruptIterations());
        assertEquals(3, run.iterations(), "the other iterations ran clean");
        String events = Files.readString(sweepDir().resolve(
                "cells/localhost.local.odsync.64MiB.cached.default.alternating/run-001.jsonl"));
        assertTrue(events.contains("\"event\":\"corruption\"") && events.contains("\"offset\":4096,"
                + "\"expected\":\"0xffffffffffffffff\",\"actual\":\"0xffffffff00000000\",\"mask\":\"0x00000000ffffffff\""),
                events);
        // The preflight made the writer's class-data archive for this java, and the run started with it.
        try (var cache = Files.list(work.resolve("cache/bitbisect"))) {
            assertEquals(1, cache.filter(f -> f.getFileName().toString().endsWith(".jsa")).count());
        }
        assertTrue(events.contains("\"arguments\":[\"-XX:SharedArchiveFile=" + work.resolve("cache/bitbisect")), events);
        String report = Files.readString(sweepDir().resolve("report.md"));
        assertTrue(report.contains("- [The matrix](#the-matrix)"), report);
        assertTrue(report.contains("# on localhost\njava -jar ~/.cache/bitbisect/pattern-writer-")
                && report.contains(".jar run --path " + storage.resolve("bitbisect-localhost.local.odsync.64MiB.cached"
                + ".default.alternating-r1.bin") + " --size 64MiB --block 64KiB --pattern alternating"), report);
        assertTrue(Files.readString(sweepDir().resolve("report.html")).contains("<h2 id=\"the-matrix\">"));
        assertTrue(report.contains("| `localhost.local.odsync.64MiB.cached.default.alternating` | 1 | 1 | 4096 |"
                + " `0xffffffffffffffff` | `0xffffffff00000000` | `0x00000000ffffffff` |"), "the first raw event: " + report);
        assertTrue(report.contains("Evidence kept by the writer: 1 file") && report.contains("`" + run.kept().get(0)
                + "` (on localhost, localhost.local.odsync.64MiB.cached.default.alternating run 1)"), report);
        assertTrue(r.stdout().contains("kept on localhost: " + run.kept().get(0)), r.stdout());
        Path kept = Path.of(run.kept().get(0));
        assertTrue(kept.getFileName().toString().endsWith(".corrupt"), kept.toString());
        assertEquals(0xffffffff00000000L, wordAt(kept, 4096), "the evidence holds the flipped word");
    }

    /** Flips the low 32 bits of the all-ones word at offset 4096 of the first file seen growing past 4 MiB. */
    private static void flipOnceWhileWriting(Path storage, AtomicReference<Path> flipped) {
        while (!Thread.currentThread().isInterrupted()) {
            try (Stream<Path> files = Files.list(storage)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(".bin"))::iterator) {
                    long size = Files.size(f);
                    if (size >= (4 << 20) && size < (60 << 20)) {
                        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                            ByteBuffer word = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                            word.putLong(0, 0xffffffff00000000L);
                            ch.write(word, 4096);
                        }
                        flipped.set(f);
                        return;
                    }
                }
            } catch (IOException fileCameOrWent) {
                // the writer created or deleted a file meanwhile; look again
            }
            Thread.onSpinWait();
        }
    }

    private static long wordAt(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer word = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(word, offset);
            return word.getLong(0);
        }
    }

    /** A writer that never returns is killed with its process tree at the timeout; the other cells complete. */
    @Test
    void aHangingWriterIsRecordedAsHungWithinTheTimeoutWhileOtherCellsComplete() throws Exception {
        Path hang = work.resolve("hanging-java.sh");
        Files.writeString(hang, "#!/bin/sh\necho started >&2\nsleep 4242\n");
        hang.toFile().setExecutable(true);
        Files.writeString(work.resolve("m.yaml"), """
                name: hang
                hosts: [{name: localhost, storage: {tmpfs: %s}}]
                axes: {storage: [tmpfs], size: [1MiB, 2MiB], variant: [default, stuck]}
                variants:
                  default: {}
                  stuck: {java: %s}
                work: {iterations: 2}
                run: {seed: 3, timeout: 3s}
                """.formatted(work.resolve("tmp"), hang));

        long start = System.nanoTime();
        RunnerJar.Result r = new RunnerJar(work).run("sweep", "m.yaml");
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(3, r.exit(), r.stdout() + r.stderr());
        Map<String, List<RunSummary>> runs = summaries();
        for (String size : new String[] {"1MiB", "2MiB"}) {
            RunSummary stuck = runs.get("localhost.tmpfs.buffered." + size + ".cached.stuck.alternating").get(0);
            assertEquals(RunStatus.HUNG, stuck.status());
            assertTrue(stuck.elapsedSeconds() >= 3 && stuck.elapsedSeconds() < 8, "killed at the timeout: " + stuck);
            assertEquals(0, stuck.iterations(), "a hung run is never counted as clean iterations");
            assertEquals(RunStatus.CLEAN,
                    runs.get("localhost.tmpfs.buffered." + size + ".cached.default.alternating").get(0).status());
        }
        assertTrue(seconds < 40, "the sweep went on: " + seconds + " s");
        assertTrue(r.stdout().contains("hung 2"), r.stdout());
        assertFalse(processRunning("sleep", "4242"), "the whole process tree was killed");
        assertTrue(Files.readString(sweepDir().resolve(
                "cells/localhost.tmpfs.buffered.1MiB.cached.stuck.alternating/run-001.stderr")).contains("started"));
    }

    private static boolean processRunning(String... argv) throws IOException {
        String wanted = String.join("\0", argv);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).anyMatch(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline"))).startsWith(wanted);
                } catch (IOException gone) {
                    return false;
                }
            });
        }
    }

    /**
     * A writer whose writes fail (here: a file size limit, so write(2) returns EFBIG) is an error
     * run, never corrupt and never clean; so is a writer that cannot start.
     */
    @Test
    void aWriterIoErrorIsAnErrorRunAndAWriterThatCannotStartToo() throws Exception {
        Path limited = work.resolve("java-with-file-limit.sh");
        Files.writeString(limited, "#!/bin/sh\nulimit -f 1024\nexec java \"$@\"\n");
        limited.toFile().setExecutable(true);
        // A real JVM fatal error: too little metaspace for the writer's classes, and a crash
        // instead of an exception; no sharing (it wins over the archive the runner names), whose
        // classes would not count against it. Not the heap: the writer now runs in 2 MiB of it,
        // and its buffers' limit (as large as the heap) fails with an exception, not a crash.
        Path crashing = work.resolve("java-that-crashes.sh");
        Files.writeString(crashing, "#!/bin/sh\nexec java -XX:+UseSerialGC -Xmx2m -XX:MaxMetaspaceSize=6m -Xshare:off"
                + " -XX:+CrashOnOutOfMemoryError"
                + " -XX:ErrorFile=" + work.resolve("hs_err_%p.log") + " \"$@\"\n");
        crashing.toFile().setExecutable(true);
        Files.writeString(work.resolve("m.yaml"), """
                name: faults
                hosts: [{name: localhost, storage: {local: %s}}]
                axes: {storage: [local], size: [4MiB], variant: [limited, missing, crashing]}
                variants:
                  limited: {java: %s}
                  missing: {java: /nonexistent/bin/java}
                  crashing: {java: %s}
                work: {iterations: 2}
                run: {seed: 2, timeout: 1m}
                """.formatted(work.resolve("disk"), limited, crashing));

        RunnerJar.Result r = new RunnerJar(work).run("sweep", "m.yaml");

        assertEquals(3, r.exit(), r.stdout() + r.stderr());
        Map<String, List<RunSummary>> runs = summaries();
        RunSummary failed = runs.get("localhost.local.buffered.4MiB.cached.limited.alternating").get(0);
        assertEquals(RunStatus.ERROR, failed.status());
        assertEquals(3, failed.exitCode());
        assertTrue(failed.message().contains("write: File too large (EFBIG)"), failed.message());
        assertEquals(0, failed.corruptWords());
        RunSummary missing = runs.get("localhost.local.buffered.4MiB.cached.missing.alternating").get(0);
        assertEquals(RunStatus.ERROR, missing.status());
        assertTrue(missing.message().contains("without its end event"), missing.message());
        RunSummary crashed = runs.get("localhost.local.buffered.4MiB.cached.crashing.alternating").get(0);
        assertEquals(RunStatus.ERROR, crashed.status());
        assertTrue(crashed.message().startsWith("the JVM crashed: Internal Error")
                && crashed.message().contains("fatal error: OutOfMemory encountered: Metaspace")
                && crashed.message().contains("report on the host: " + work.resolve("hs_err_"))
                && crashed.message().endsWith("(exit code 134)"), crashed.message());
        assertTrue(r.stdout().contains("clean 0, corrupt 0, error 3"), r.stdout());
    }

    /**
     * Writers that lie (a {@code java} of the variant's that prints what it likes): a 200 MB line
     * between a valid start and a clean end, a corruption event before a clean end and exit 0, a
     * corrupt word far outside a 1 MiB file, escape sequences on stderr. Each run is an error
     * with its reason, nothing counts as evidence, and no control character reaches the output.
     */
    @Test
    void outputThatCannotBeTrueIsAnErrorNeverEvidence() throws Exception {
        Map<String, Path> scripts = HostileWriters.write(work, 200_000_000);
        StringBuilder variants = new StringBuilder();
        scripts.forEach((name, script) -> variants.append("  ").append(name).append(": {java: ").append(script).append("}\n"));
        Files.writeString(work.resolve("m.yaml"), "name: liars\n"
                + "hosts: [{name: localhost, storage: {tmpfs: " + work.resolve("tmp") + "}}]\n"
                + "axes: {storage: [tmpfs], size: [1MiB], variant: [junk, quiet, far, garbage]}\n"
                + "variants:\n" + variants
                + "work: {iterations: 1}\nrun: {seed: 4, timeout: 2m}\n");

        RunnerJar.Result r = new RunnerJar(work).run("sweep", "m.yaml");

        assertEquals(3, r.exit(), r.stdout() + r.stderr());
        Map<String, List<RunSummary>> runs = summaries();
        Map<String, String> reasons = Map.of(
                "junk", "1 line on stdout is not its events (the first: a line of 1 MiB or more)",
                "quiet", "it printed 1 corrupt word where its end event counts 0",
                "far", "a corrupt word at offset 99,999,999,999,992 (8 bytes) lies outside the file of 1,048,576 bytes");
        for (String variant : scripts.keySet()) {
            RunSummary run = runs.get("localhost.tmpfs.buffered.1MiB.cached." + variant + ".alternating").get(0);
            assertEquals(RunStatus.ERROR, run.status(), variant + ": " + run);
            if (reasons.containsKey(variant)) {
                assertEquals("the writer's output cannot be believed: " + reasons.get(variant), run.message());
            }
            assertTrue(run.lastEvents().stream().allMatch(l -> l.length() <= 2100), "last events bounded: " + variant);
        }
        assertEquals("the writer exited with code 3 without its end event: boom\\x1b]0;owned\\x07\\x1b[2J",
                runs.get("localhost.tmpfs.buffered.1MiB.cached.garbage.alternating").get(0).message());
        assertTrue(r.stdout().contains("clean 0, corrupt 0, error 4"), r.stdout());
        assertFalse((r.stdout() + r.stderr()).chars().anyMatch(c -> c == 0x1b || c == 0x07), "no control characters");
    }

    /**
     * The results directory fills up mid-sweep (a 1 MiB tmpfs with 64 KiB left): the sweep stops
     * with one line saying so and what to do, exit 3, no stack trace; once space is freed the same
     * command runs what is left, and every planned run is stored once.
     */
    @Test
    void aFullResultsDiskStopsTheSweepWithWhatToDoAndTheSameCommandFinishesIt() throws Exception {
        Lab.needs("root".equals(System.getProperty("user.name")), "mounting a tmpfs for the results needs root");
        Path small = Files.createDirectories(work.resolve("small"));
        assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .inheritIO().start().waitFor());
        try {
            Path filler = small.resolve("filler");
            long usable = Files.getFileStore(small).getUsableSpace();
            Files.write(filler, new byte[(int) (usable - 64 * 1024)]);
            Files.writeString(work.resolve("m.yaml"), "name: full\n"
                    + "hosts: [{name: localhost, storage: {tmpfs: " + work.resolve("tmp") + "}}]\n"
                    + "axes: {storage: [tmpfs], size: [64KiB, 128KiB], sync: [buffered, fsync, osync, odsync],"
                    + " pattern: [alternating, offset]}\n"
                    + "work: {iterations: 1}\nrun: {seed: 6}\n");
            RunnerJar runner = new RunnerJar(work);

            RunnerJar.Result full = runner.run("sweep", "m.yaml", "--results", small.toString());

            assertEquals(3, full.exit(), full.stdout() + full.stderr());
            assertTrue(full.stderr().contains("sweep: results directory full: " + small), full.stderr());
            assertTrue(full.stderr().contains("free some space there and run the same command again"), full.stderr());
            assertFalse(full.stderr().contains("Exception") || full.stderr().contains("internal error"), full.stderr());

            Files.delete(filler);
            RunnerJar.Result resumed = runner.run("sweep", "m.yaml", "--results", small.toString());

            assertEquals(0, resumed.exit(), resumed.stdout() + resumed.stderr());
            assertTrue(resumed.stdout().contains("16 of 16 planned runs done"), resumed.stdout());
            assertEquals(16, ResultFiles.named(small, "run-\\d+\\.json").size(), "every run stored once");
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).inheritIO().start().waitFor();
        }
    }

    /** The preflight skips cells whose directory cannot be written, says why, and runs the rest. */
    @Test
    void cellsOfAnUnwritableDirectoryAreSkippedWithTheReasonAndTheRestRun() throws Exception {
        Files.writeString(work.resolve("m.yaml"), """
                name: preflight
                hosts: [{name: localhost, storage: {good: %s, bad: /proc/bitbisect-cannot-exist}}]
                axes: {storage: [good, bad], size: [64KiB]}
                work: {iterations: 1}
                """.formatted(work.resolve("good")));

        RunnerJar.Result r = new RunnerJar(work).run("sweep", "m.yaml");

        assertEquals(3, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("bad unwritable") && r.stderr().contains("good ok"), r.stderr());
        assertTrue(r.stderr().contains("skip: /proc/bitbisect-cannot-exist on localhost: cannot create or write there"),
                r.stderr());
        assertTrue(r.stdout().contains("1 of 2 planned runs done (1 cells), 1 not run"), r.stdout());
        assertEquals(RunStatus.CLEAN, summaries().get("localhost.good.buffered.64KiB.cached.default.alternating").get(0).status());
        assertTrue(Files.readString(sweepDir().resolve("journal.jsonl")).contains("\"what\":\"skip\""));
    }

    @Test
    void aMatrixMistakeStopsEverythingWithFileLineAndColumn() throws Exception {
        Files.writeString(work.resolve("m.yaml"), "hosts: [{name: h, storage: {local: /tmp/x}}]\naxes:\n  size: [64MB]\n");

        RunnerJar.Result r = new RunnerJar(work).run("sweep", "m.yaml");

        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("m.yaml:3:10: '64MB' is not a size"), r.stderr());
        assertFalse(Files.exists(work.resolve("results")), "nothing ran, nothing was stored");
    }

    /** Two sweeps of the same results at once: the second is refused before it runs anything, exit 2. */
    @Test
    void aSecondSweepOfASweepInUseIsRefusedAndRunsNothing() throws Exception {
        Files.writeString(work.resolve("m.yaml"), "hosts: [{name: h, storage: {local: " + work.resolve("s")
                + "}}]\naxes: {size: [64KiB]}\nwork: {iterations: 1}\n");
        RunnerJar.Result r;
        try (ResultsStore held = ResultsStore.openForWriting(work.resolve("results/busy"))) {
            r = new RunnerJar(work).run("sweep", "m.yaml", "--sweep", "busy");
        }

        assertEquals(2, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("is in use by another bitbisect process; nothing ran"), r.stderr());
        try (Stream<Path> cells = Files.list(work.resolve("results/busy/cells"))) {
            assertEquals(0, cells.count(), "nothing ran");
        }
    }
}
