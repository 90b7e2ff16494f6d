package bitbisect.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.execute.Outcome;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run is classified from the writer's output and how its process ended: only an exit 0
 * with a clean end event is clean, only an exit 1 with a corrupt end event is corrupt; a
 * timeout is hung, a host not reached unreachable, everything else an error naming its cause.
 */
class RunRecorderTest {

    @TempDir
    Path dir;

    private static final String START = "{\"event\":\"start\",\"command\":\"run\"}";
    private static final String ITERATION = "{\"event\":\"iteration\",\"iteration\":1,\"bytes\":1024,\"write_ns\":5,"
            + "\"read_ns\":5,\"verify_ns\":5,\"corrupt_words\":0}";
    private static final String CORRUPT_ITERATION = ITERATION.replace("\"corrupt_words\":0", "\"corrupt_words\":2");
    private static final String CLEAN_END = "{\"event\":\"end\",\"status\":\"clean\",\"iterations\":1,"
            + "\"corrupt_iterations\":0,\"corrupt_words\":0,\"events_not_printed\":0,\"bytes_written\":1024,"
            + "\"bytes_verified\":1024,\"elapsed_ns\":10}";
    private static final String CORRUPT_END = CLEAN_END.replace("\"status\":\"clean\"", "\"status\":\"corrupt\"")
            .replace("\"corrupt_iterations\":0,\"corrupt_words\":0", "\"corrupt_iterations\":1,\"corrupt_words\":2");

    private RunSummary classify(List<String> stdout, List<String> stderr, Outcome outcome) throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            int attempt = store.beginAttempt("c", 1);
            try (RunRecorder r = new RunRecorder(store, "c", 1, attempt, "h", null, 1 << 20, (host, corrupt) -> { })) {
                stdout.forEach(r::stdoutLine);
                stderr.forEach(r::stderrLine);
                return r.finish(outcome, Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void exitZeroWithACleanEndIsClean() throws IOException {
        RunSummary s = classify(List.of(START, ITERATION, CLEAN_END), List.of(), new Outcome.Exited(0));
        assertEquals(RunStatus.CLEAN, s.status());
        assertEquals(1, s.iterations());
        assertNull(s.message());
    }

    /** Hostile or broken output is an error with its reason: never clean, never corruption. */
    @Test
    void outputThatDisagreesWithItselfIsNeverEvidence() throws IOException {
        RunSummary junk = classify(List.of(START, ITERATION, "\u001b]0;pwned\u0007 not json", CLEAN_END), List.of(),
                new Outcome.Exited(0));
        assertEquals(RunStatus.ERROR, junk.status());
        assertEquals("the writer's output cannot be believed: 1 line on stdout is not its events (the first:"
                + " \"\\x1b]0;pwned\\x07 not json\")", junk.message());

        String corruption = "{\"event\":\"corruption\",\"iteration\":1,\"offset\":8,\"expected\":\"0xffffffffffffffff\","
                + "\"actual\":\"0xffffffff00000000\",\"mask\":\"0x00000000ffffffff\",\"bytes\":[0,1,2,3],\"time_ms\":7}";
        fresh();
        RunSummary quiet = classify(List.of(START, corruption, ITERATION, CLEAN_END), List.of(), new Outcome.Exited(0));
        assertEquals(RunStatus.ERROR, quiet.status());
        assertEquals("the writer's output cannot be believed: it printed 1 corrupt word where its end event counts 0",
                quiet.message());

        fresh();
        RunSummary far = classify(List.of(START, corruption.replace("\"offset\":8", "\"offset\":99999999999992"),
                CORRUPT_ITERATION, CORRUPT_END), List.of(), new Outcome.Exited(1));
        assertEquals(RunStatus.ERROR, far.status());
        assertEquals("the writer's output cannot be believed: a corrupt word at offset 99,999,999,999,992 (8 bytes) lies"
                + " outside the file of 1,048,576 bytes", far.message());

        fresh();
        RunSummary counts = classify(List.of(START, ITERATION, CLEAN_END.replace("\"iterations\":1", "\"iterations\":5")),
                List.of(), new Outcome.Exited(0));
        assertEquals(RunStatus.ERROR, counts.status());
        assertEquals("the writer's output cannot be believed: its end event counts 5 iterations, its iteration events 1",
                counts.message());

        fresh();
        RunSummary huge = classify(List.of(START, "x".repeat(bitbisect.runner.execute.LinePump.MAX_LINE), ITERATION,
                CLEAN_END), List.of(), new Outcome.Exited(0));
        assertEquals(RunStatus.ERROR, huge.status());
        assertEquals("the writer's output cannot be believed: 1 line on stdout is not its events (the first: a line of"
                + " 1 MiB or more)", huge.message());
    }

    @Test
    void aHostsControlCharactersNeverReachTheMessageOrTheLastLines() throws IOException {
        RunSummary s = classify(List.of(START, "\u001b[2J\u0000"), List.of("\u001b[31mboom\u0007\u202e"),
                new Outcome.Exited(3));
        assertEquals(RunStatus.ERROR, s.status());
        assertEquals("the writer exited with code 3 without its end event: \\x1b[31mboom\\x07\\u202e", s.message());
        assertEquals(List.of(START, "\\x1b[2J\\x00"), s.lastEvents());
    }

    /** Removes the run's files, so the next classify records run 1 again. */
    private void fresh() throws IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void exitOneWithACorruptEndIsCorrupt() throws IOException {
        RunSummary s = classify(List.of(START, CORRUPT_ITERATION, CORRUPT_END), List.of(), new Outcome.Exited(1));
        assertEquals(RunStatus.CORRUPT, s.status());
        assertEquals("2 corrupt words in 1 iteration", s.message());
    }

    /** A corrupt run's rows are kept in binary beside its events for the report (RowsFile); a clean run has none to keep. */
    @Test
    void aRunWithCorruptWordsLeavesItsRowsFileAndACleanRunNone() throws IOException {
        String corruption = "{\"event\":\"corruption\",\"iteration\":1,\"offset\":8,\"expected\":\"0xffffffffffffffff\","
                + "\"actual\":\"0xffffffff00000000\",\"mask\":\"0x00000000ffffffff\",\"bytes\":[0,1,2,3],\"time_ms\":7}";
        classify(List.of(START, corruption, corruption.replace("\"offset\":8,", "\"offset\":24,"), CORRUPT_ITERATION,
                CORRUPT_END), List.of(), new Outcome.Exited(1));
        Path cell = dir.resolve("cells/c");
        assertTrue(java.nio.file.Files.size(cell.resolve("run-001.rows")) > 2 * 49, "two corruption records and the trailer");

        java.nio.file.Files.delete(cell.resolve("run-001.json"));
        java.nio.file.Files.delete(cell.resolve("run-001.jsonl"));
        java.nio.file.Files.delete(cell.resolve("run-001.stderr"));
        java.nio.file.Files.delete(cell.resolve("run-001.rows"));
        classify(List.of(START, ITERATION, CLEAN_END), List.of(), new Outcome.Exited(0));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(cell)) {
            assertEquals(List.of("run-001.json", "run-001.jsonl", "run-001.stderr"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aCleanEndWithAnExitCodeThatDisagreesIsAnError() throws IOException {
        assertEquals(RunStatus.ERROR, classify(List.of(START, CLEAN_END), List.of(), new Outcome.Exited(1)).status());
        assertEquals(RunStatus.ERROR, classify(List.of(START, CORRUPT_END), List.of(), new Outcome.Exited(0)).status());
    }

    @Test
    void noEndEventIsNeverCleanEvenWithExitZero() throws IOException {
        RunSummary s = classify(List.of(START, ITERATION), List.of(), new Outcome.Exited(0));
        assertEquals(RunStatus.ERROR, s.status());
        assertEquals(1, s.iterations(), "what the iteration events say is kept");
        assertEquals("the writer exited with code 0 without its end event", s.message());
    }

    @Test
    void aTimeoutIsHungEvenAfterCleanIterations() throws IOException {
        RunSummary s = classify(List.of(START, ITERATION, ITERATION), List.of(), new Outcome.TimedOut(null));
        assertEquals(RunStatus.HUNG, s.status());
        assertEquals(2, s.iterations());
        assertEquals("killed with its process tree after the cell timeout of 30 s", s.message());
        assertEquals(List.of(START, ITERATION, ITERATION), s.lastEvents());
    }

    @Test
    void aHostNotReachedOrRefusingIsUnreachable() throws IOException {
        assertEquals(RunStatus.UNREACHABLE, classify(List.of(), List.of(), new Outcome.Unreachable("h: no route")).status());
        RunSummary refused = classify(List.of(), List.of(), new Outcome.Refused("h: the host key of h has CHANGED"));
        assertEquals(RunStatus.UNREACHABLE, refused.status());
        assertEquals("h: the host key of h has CHANGED", refused.message());
    }

    /** A directory that turned read-only: the writer's own words are the run's message, not "usage error". */
    @Test
    void theWritersOwnReasonIsTheMessage() throws IOException {
        RunSummary s = classify(List.of(), List.of("pattern-writer run: --path /mnt/x/f: directory /mnt/x is not"
                + " writable (read-only filesystem or permissions); choose a writable directory",
                "Try 'pattern-writer run --help' for the options."), new Outcome.Exited(2));
        assertEquals(RunStatus.ERROR, s.status());
        assertEquals("the writer exited with code 2 without its end event: pattern-writer run: --path /mnt/x/f:"
                + " directory /mnt/x is not writable (read-only filesystem or permissions); choose a writable"
                + " directory", s.message());
    }

    @Test
    void anIoErrorEventIsTheMessage() throws IOException {
        RunSummary s = classify(List.of(START, "{\"event\":\"error\",\"operation\":\"write\",\"message\":\"No space"
                + " left on device\",\"errno\":\"ENOSPC\"}"), List.of("ERROR: write: No space left on device"),
                new Outcome.Exited(3));
        assertEquals(RunStatus.ERROR, s.status());
        assertEquals("write: No space left on device (ENOSPC) (exit code 3)", s.message());
    }

    /** A writer that ended in error counts the iteration that failed, which printed no iteration event: its own reason stands. */
    @Test
    void anErrorEndKeepsItsOwnReason() throws IOException {
        RunSummary s = classify(List.of(START, "{\"event\":\"error\",\"operation\":\"write\",\"message\":\"File too"
                + " large\",\"errno\":\"EFBIG\"}", CLEAN_END.replace("\"status\":\"clean\"", "\"status\":\"error\"")),
                List.of(), new Outcome.Exited(3));
        assertEquals(RunStatus.ERROR, s.status());
        assertEquals("write: File too large (EFBIG)", s.message());
    }

    @Test
    void aDeathBySignalIsNamed() throws IOException {
        RunSummary s = classify(List.of(START), List.of(), new Outcome.Exited(137));
        assertTrue(s.message().endsWith("without its end event (killed by signal 9)"), s.message());
    }

    /**
     * What a run verified before it failed is evidence, its corruption too (a sick mount often
     * corrupts before it fails); the failure stays its outcome. Never so for a run that cannot be
     * believed or never started.
     */
    @Test
    void whatAFailedOrHungRunVerifiedBeforeCountsAsEvidence() throws IOException {
        String enoent = "{\"event\":\"error\",\"iteration\":2,\"operation\":\"open\",\"errno\":\"ENOENT\","
                + "\"message\":\"No such file or directory\",\"path\":\"/mnt/x/f\"}";
        String errorEnd = CORRUPT_END.replace("\"status\":\"corrupt\"", "\"status\":\"error\"")
                .replace("\"iterations\":1", "\"iterations\":2");
        RunSummary failed = classify(List.of(START, CORRUPT_ITERATION, enoent, errorEnd), List.of(), new Outcome.Exited(3));
        assertEquals(RunStatus.ERROR, failed.status());
        assertTrue(failed.countsAsEvidence());
        assertEquals(1, failed.iterations(), "the iteration that failed verified nothing");
        assertEquals(1, failed.corruptIterations());
        assertEquals(2, failed.corruptWords());
        assertEquals("open: No such file or directory (ENOENT); before that, 2 corrupt words in 1 iteration of 1"
                + " verified", failed.message());

        fresh();
        RunSummary hung = classify(List.of(START, ITERATION), List.of(), new Outcome.TimedOut(null));
        assertEquals(RunStatus.HUNG, hung.status());
        assertTrue(hung.countsAsEvidence());
        assertEquals(1, hung.iterations());

        fresh();
        RunSummary liar = classify(List.of(START, ITERATION, "not json", CLEAN_END), List.of(), new Outcome.Exited(0));
        assertEquals(RunStatus.ERROR, liar.status());
        assertTrue(!liar.countsAsEvidence(), "output that cannot be believed is never evidence");

        fresh();
        RunSummary never = classify(List.of(), List.of(), new Outcome.NotStarted("cannot start java"));
        assertTrue(!never.countsAsEvidence());
    }

    /** A file that came back shorter than written is corrupt, and its message says how short: a lost write. */
    @Test
    void aFileThatCameBackShortIsCorruptAndSaysSo() throws IOException {
        String lost = "{\"event\":\"size_mismatch\",\"iteration\":1,\"expected_bytes\":1048576,\"actual_bytes\":0}";
        String end = CORRUPT_END.replace("\"corrupt_words\":2", "\"corrupt_words\":0");
        // As the writer prints them: the iteration's size_mismatch, then its iteration event.
        RunSummary s = classify(List.of(START, lost, ITERATION, end), List.of(), new Outcome.Exited(1));

        assertEquals(RunStatus.CORRUPT, s.status());
        assertEquals("1 iteration came back short (0 B of 1.0 MiB: a lost write)", s.message());
        assertEquals(1, s.details().shortIterations());
        assertEquals(1048576, s.details().missingBytes());

        fresh();
        String torn = lost.replace("\"iteration\":1", "\"iteration\":2").replace("\"actual_bytes\":0", "\"actual_bytes\":524288");
        RunSummary both = classify(List.of(START, lost, CORRUPT_ITERATION, torn, ITERATION.replace("\"iteration\":1",
                "\"iteration\":2"), CORRUPT_END.replace("\"iterations\":1", "\"iterations\":2").replace(
                "\"corrupt_iterations\":1", "\"corrupt_iterations\":2")), List.of(), new Outcome.Exited(1));
        assertEquals("2 corrupt words in 2 iterations; 2 of them came back short (the shortest 0 B of 1.0 MiB: a lost"
                + " write)", both.message());
        assertEquals(1048576 + 524288, both.details().missingBytes());
    }

    /** What the events say beyond the counts is kept in the summary, so readers need not parse them again. */
    @Test
    void theSummaryKeepsTheRunsDetails() throws IOException {
        RunSummary s = classify(bitbisect.runner.store.SweepDataTest.EVENTS, List.of(), new Outcome.Exited(1));

        assertEquals(RunStatus.CORRUPT, s.status());
        assertEquals(new bitbisect.runner.store.RunDetails(4096, "nfs4", "rw,relatime", "vers=4.2,timeo=600", 2, 1, 1,
                2, 2, null, 0, 0, -1, null), s.details(), "these iteration events carry no timings");
    }

    @Test
    void theIterationsTimeIsTheSumOfWhatTheWriterTimed() throws IOException {
        RunSummary s = classify(List.of(START,
                "{\"event\":\"iteration\",\"iteration\":1,\"bytes\":1024,\"write_ns\":1000000000,"
                        + "\"sync_ns\":250000000,\"read_ns\":500000000,\"verify_ns\":250000000,\"corrupt_words\":0}",
                "{\"event\":\"iteration\",\"iteration\":2,\"bytes\":1024,\"write_ns\":1000000000,"
                        + "\"read_ns\":1000000000,\"verify_ns\":0,\"corrupt_words\":0}"), List.of(), new Outcome.Exited(0));

        assertEquals(4.0, s.details().iterationSeconds(), 1e-9);
    }
}
