package bitbisect.runner.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStoreTest {

    @TempDir
    Path dir;

    private static RunSummary summary(String cell, int run, RunStatus status) {
        return new RunSummary(cell, run, 1, "h", status, 0, 3, 0, 0, 3072, 3072, "2026-01-01T00:00:00Z", 1.5,
                List.of(), null, List.of(), null, null, null);
    }

    /** The journal's last word on each run: a skip stands until the run starts again. */
    @Test
    void skippedRunsAreThoseWhoseLastJournalLineIsASkip() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.journal(JournalEntry.SKIP, "c1", 1, "h", "not run: /mnt/x did not answer within 10 s");
            store.journal(JournalEntry.SKIP, "c2", 1, "h", "not run: /mnt/x did not answer within 10 s");
            store.journal(JournalEntry.START, "c2", 1, "h", null);
            store.journal(JournalEntry.SKIP, "c3", 2, "h", "full");

            assertEquals(java.util.Map.of("c1 run 1", "not run: /mnt/x did not answer within 10 s", "c3 run 2", "full"),
                    store.skipped());
        }
    }

    @Test
    void aRunIsDoneExactlyWhenItsSummaryExists() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.beginAttempt("c1", 1);
            Files.writeString(store.runFiles("c1", 1).events(), "{\"event\":\"start\"}\n" + IterationLines.of(3));
            assertFalse(store.isDone("c1", 1));
            assertEquals(List.of(new SweepRecord.PlannedRun("c1", 1)), store.unfinished());

            store.writeSummary(summary("c1", 1, RunStatus.CLEAN));

            assertTrue(store.isDone("c1", 1));
            assertEquals(List.of(), store.unfinished());
            assertEquals(RunStatus.CLEAN, store.summaries().get("c1").get(0).status());
        }
    }

    @Test
    void theSavedMatrixIsParsedOnceAndAgainWhenItsFileChanges() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.writeSweep(new SweepRecord("s", "s", "m.yaml", "0", 1, "2026-01-01T00:00:00Z", "v", "w", List.of()),
                    "hosts: [{name: a, storage: {local: /tmp/x}}]\naxes: {size: [1MiB, 2MiB]}\n");
            var first = store.matrix();
            assertEquals(2, first.cells().size());
            assertTrue(first == store.matrix(), "the same text is not parsed again");

            Files.writeString(store.matrixFile(), "hosts: [{name: a, storage: {local: /tmp/x}}]\naxes: {size: [1MiB]}\n");
            assertEquals(1, store.matrix().cells().size());
        }
    }

    @Test
    void anInterruptedAttemptIsMovedAsideNotOverwritten() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            assertEquals(1, store.beginAttempt("c1", 1));
            Files.writeString(store.runFiles("c1", 1).events(), "first attempt\n");
            Files.writeString(store.runFiles("c1", 1).stderr(), "first stderr\n");

            assertEquals(2, store.beginAttempt("c1", 1));
            Files.writeString(store.runFiles("c1", 1).events(), "second attempt\n");
            assertEquals(3, store.beginAttempt("c1", 1));

            Path cell = dir.resolve("cells/c1");
            assertEquals("first attempt\n", Files.readString(cell.resolve("run-001.attempt1.jsonl")));
            assertEquals("first stderr\n", Files.readString(cell.resolve("run-001.attempt1.stderr")));
            assertEquals("second attempt\n", Files.readString(cell.resolve("run-001.attempt2.jsonl")));
            assertFalse(Files.exists(store.runFiles("c1", 1).events()));
            assertEquals(1, store.lastRun("c1"));
        }
    }

    @Test
    void noTemporaryFileIsLeftAndNoHalfFileIsRead() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.beginAttempt("c1", 2);
            Files.writeString(store.runFiles("c1", 2).events(), "{\"event\":\"end\"}\n");
            store.writeSummary(summary("c1", 2, RunStatus.ERROR));
            // A crash between writing and renaming leaves only a dot-temp file, which readers ignore.
            Files.writeString(dir.resolve("cells/c1/.run-003.json.tmp-1-1"), "{\"cell\": \"c1\", \"run\"");

            assertEquals(1, store.summaries().get("c1").size());
            try (Stream<Path> files = Files.list(dir.resolve("cells/c1"))) {
                assertEquals(3, files.count());
            }
            assertEquals(2, store.lastRun("c1"));
        }
    }

    @Test
    void onlyOneProcessMayWriteASweep() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            IOException e = assertThrows(IOException.class, () -> ResultsStore.openForWriting(dir));
            assertTrue(e.getMessage().contains("in use by another bitbisect process"), e.getMessage());
            assertTrue(store.inUse());
        }
    }

    @Test
    void theJournalKeepsTheOrderRunsStartedAndFinished() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.journal(JournalEntry.START, "c2", 1, "h", null);
            store.journal(JournalEntry.START, "c1", 1, "h", null);
            store.journal(JournalEntry.FINISH, "c2", 1, "h", "clean");
        }
        List<String> lines = Files.readAllLines(dir.resolve("journal.jsonl"));
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).contains("\"what\":\"start\",\"cell\":\"c2\""), lines.get(0));
        assertTrue(lines.get(2).contains("\"detail\":\"clean\""), lines.get(2));
    }

    @Test
    void theJournalSaysWhichSlurmJobsStillHoldTheirNodes() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.journalJob("n1", "17", true, "submitted");
            store.journalJob("n2", "18", true, "submitted");
            store.journal(JournalEntry.START, "n1.c", 1, "n1", null);
            store.journalJob("n2", "18", false, "TIMEOUT");
            store.journalJob("n2", "21", true, "submitted");
            store.journalJob("n3", "19", true, "submitted");
            store.journalJob("n3", "19", false, "ended: the command is done");
            assertEquals(java.util.Map.of("n1", "17", "n2", "21"), store.heldJobs());
        }
    }

    /** Whatever name it is handed, the store writes nothing outside its sweep directory. */
    @Test
    void namesThatLeaveTheSweepDirectoryAreRefused() throws IOException {
        Path sweep = Files.createDirectories(dir.resolve("results/s"));
        try (ResultsStore store = ResultsStore.openForWriting(sweep)) {
            var facts = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            for (String bad : List.of("../../../x", "a/b")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> store.writeHostFacts(bad, facts), bad);
                assertTrue(e.getMessage().contains("outside the sweep directory"), e.getMessage());
            }
            for (String bad : List.of("../../../x", "..", ".", "a/b", "")) {
                assertThrows(IllegalArgumentException.class, () -> store.runFiles(bad, 1), bad);
                assertThrows(IllegalArgumentException.class, () -> store.beginAttempt(bad, 1), bad);
            }
            store.writeHostFacts("h1", facts);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(List.of(dir.resolve("results/s/hosts/h1.json")),
                    all.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("lock")).toList());
        }
    }
}
