package bitbisect.runner.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.writer.event.EventCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that was damaged by hand, by a crash or by a copy: each kind of damage is named with its
 * path and what to do, and none of it is counted as evidence.
 */
class StoreDamageTest {

    @TempDir
    Path dir;

    /** Two planned cells: c1 ran clean (3 iterations), c2 ran corrupt (50 corrupt words, all printed). */
    @BeforeEach
    void twoRuns() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.writeSweep(new SweepRecord("s", "s", "m.yaml", "0", 1, "2026-01-01T00:00:00Z", "v", "w",
                    List.of(new SweepRecord.PlannedRun("c1", 1), new SweepRecord.PlannedRun("c2", 1))), "name: s\n");
            run(store, "c1", RunStatus.CLEAN, 0);
            run(store, "c2", RunStatus.CORRUPT, 50);
        }
    }

    /** A store of sweep {@code id} with the same cells, whose c1 ran clean: what a copy or a link could bring in. */
    private static Path anotherSweep(Path at, String id) throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(at)) {
            store.writeSweep(new SweepRecord(id, "s", "m.yaml", "1", 1, "2026-01-02T00:00:00Z", "v", "w",
                    List.of(new SweepRecord.PlannedRun("c1", 1), new SweepRecord.PlannedRun("c2", 1))), "name: s\n");
            run(store, "c1", RunStatus.CLEAN, 0);
        }
        return at.resolve("cells/c1");
    }

    private static void run(ResultsStore store, String cell, RunStatus status, int corruptWords) throws IOException {
        store.beginAttempt(cell, 1);
        List<String> events = new ArrayList<>();
        events.add("{\"event\":\"start\"}");
        for (int i = 0; i < corruptWords; i++) {
            events.add("{\"event\":\"corruption\",\"iteration\":1,\"offset\":" + (16 * i) + ",\"expected\":"
                    + "\"0xffffffffffffffff\",\"actual\":\"0xffffffff00000000\",\"mask\":\"0x00000000ffffffff\"}");
        }
        events.addAll(IterationLines.of(3).lines().toList());
        events.add("{\"event\":\"end\",\"events_not_printed\":0}");
        Files.write(store.runFiles(cell, 1).events(), events);
        Files.writeString(store.runFiles(cell, 1).stderr(), "");
        store.writeSummary(new RunSummary(cell, 1, 1, "h", status, status == RunStatus.CORRUPT ? 1 : 0, 3,
                corruptWords > 0 ? 1 : 0, corruptWords, 3072, 3072, "2026-01-01T00:00:00Z", 1.5, List.of(), null, List.of(), null, store.sweepIdentity(), null));
    }

    private Runs runs() throws IOException {
        try (ResultsStore store = ResultsStore.openForReading(dir)) {
            return store.runs();
        }
    }

    private static long iterations(Runs runs) {
        return runs.byCell().values().stream().flatMap(List::stream).mapToLong(RunSummary::iterations).sum();
    }

    @Test
    void anUndamagedStoreHasNoProblems() throws IOException {
        Runs runs = runs();
        assertEquals(List.of(), runs.damage());
        assertEquals(6, iterations(runs));
    }

    @Test
    void aCopiedCellDirectoryIsNamedAndNotCounted() throws IOException {
        copyTree(dir.resolve("cells/c1"), dir.resolve("cells/c1.bak"));

        Runs runs = runs();

        assertEquals(6, iterations(runs), "the copy's iterations are not counted");
        assertEquals(1, runs.damage().size(), runs.damage().toString());
        assertEquals(dir.resolve("cells/c1.bak"), runs.damage().get(0).path());
        assertEquals("not a cell of this sweep", runs.damage().get(0).problem());
    }

    @Test
    void anotherSweepsCellCopiedUnderARealCellsNameIsNamedAndNotCounted(@TempDir Path other) throws IOException {
        Path foreign = anotherSweep(other, "s-other");
        deleteTree(dir.resolve("cells/c1"));
        copyTree(foreign, dir.resolve("cells/c1"));

        Runs runs = runs();

        assertEquals(3, iterations(runs), "only c2's own run counts");
        assertEquals(1, runs.damage().size(), runs.damage().toString());
        assertEquals(dir.resolve("cells/c1/run-001.json"), runs.damage().get(0).path());
        assertEquals("belongs to sweep s-other@2026-01-02T00:00:00Z, not to this one (s@2026-01-01T00:00:00Z): copied from"
                + " another sweep?",
                runs.damage().get(0).problem());
        try (ResultsStore store = ResultsStore.openForReading(dir)) {
            assertFalse(store.isDone("c1", 1), "the next sweep runs it again");
        }
    }

    @Test
    void aCellDirectoryThatIsALinkIsNamedAndNotCounted(@TempDir Path other) throws IOException {
        Path foreign = anotherSweep(other, "s-other");
        deleteTree(dir.resolve("cells/c1"));
        Files.createSymbolicLink(dir.resolve("cells/c1"), foreign);

        Runs runs = runs();

        assertEquals(3, iterations(runs));
        assertEquals(List.of(dir.resolve("cells/c1") + ": a link to " + foreign + ", not a cell directory this sweep"
                + " wrote; its runs are not counted; remove the link, and the next sweep runs the cell here"),
                runs.damage().stream().map(Damage::toString).toList());
    }

    /** A clean summary is checked against its events too: a million iterations cannot come from an empty file. */
    @Test
    void aCleanSummaryWhoseEventsCannotHoldItsIterationsIsNamedAndNotCounted() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            Files.writeString(store.runFiles("c1", 1).events(), "");
            store.writeSummary(new RunSummary("c1", 1, 1, "h", RunStatus.CLEAN, 0, 1_000_000, 0, 0, 1, 1,
                    "2026-01-01T00:00:00Z", 1.5, List.of(), null, List.of(), null, store.sweepIdentity(), true));
        }

        Runs runs = runs();

        assertEquals(3, iterations(runs), "only c2's run counts");
        assertEquals(List.of(dir.resolve("cells/c1/run-001.json") + ": counts 1,000,000 iterations, but run-001.jsonl"
                + " holds 0 bytes (an iteration's line takes 40 or more): truncated, replaced or edited by hand?;"
                + " restore it from a copy, or the next sweep runs it again (these files are kept aside as an attempt)"),
                runs.damage().stream().map(Damage::toString).toList());
    }

    @Test
    void aRepeatedJournalLineIsNamed() throws IOException {
        Path journal = dir.resolve("journal.jsonl");
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.journal(JournalEntry.START, "c1", 1, "h", null);
            store.journal(JournalEntry.FINISH, "c1", 1, "h", "clean");
        }
        List<String> lines = Files.readAllLines(journal);
        Files.writeString(journal, lines.get(0) + "\n", StandardOpenOption.APPEND);

        Runs runs = runs();

        assertEquals(6, iterations(runs), "the evidence is in the run files");
        assertEquals(List.of("line 3 repeats line 1 exactly (copied in, or written twice by something other than"
                + " bitbisect?)"), runs.damage().stream().map(Damage::problem).toList());
    }

    @Test
    void aSummaryWithoutItsEventsIsNamedNotCountedAndRunsAgain() throws IOException {
        Files.delete(dir.resolve("cells/c1/run-001.jsonl"));

        Runs runs = runs();

        assertEquals(3, iterations(runs));
        Damage d = runs.damage().get(0);
        assertEquals(dir.resolve("cells/c1/run-001.json"), d.path());
        assertTrue(d.problem().contains("without its events (run-001.jsonl is missing)"), d.problem());
        try (ResultsStore store = ResultsStore.openForReading(dir)) {
            assertFalse(store.isDone("c1", 1), "the next sweep runs it again");
        }
    }

    @Test
    void aSummaryThatDisagreesWithItsEventsIsFlagged() throws IOException {
        Path events = dir.resolve("cells/c2/run-001.jsonl");
        List<String> lines = Files.readAllLines(events);
        Files.write(events, lines.subList(0, 1 + 22)); // 22 of 50 corruption events left, and no end

        Runs runs = runs();

        assertEquals(3, iterations(runs));
        Damage d = runs.damage().get(0);
        assertTrue(d.problem().contains("says 50 corrupt words but run-001.jsonl holds 22 corruption events"), d.problem());
    }

    @Test
    void aCorruptRunsEventsThatAreNotUtf8CannotBeReadAndAreDamage() throws IOException {
        Path events = dir.resolve("cells/c2/run-001.jsonl");
        byte[] text = Files.readAllBytes(events);
        byte[] broken = java.util.Arrays.copyOf(text, text.length + 3);
        System.arraycopy(new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}, 0, broken, text.length, 3); // no UTF-8 starts so
        Files.write(events, broken);

        Runs runs = runs();

        assertEquals(3, iterations(runs), "the corrupt run is not counted");
        Damage d = runs.damage().get(0);
        assertEquals(events, d.path());
        assertEquals("cannot be read", d.problem());
    }

    @Test
    void wordsThatOnlyAnExtentStandsForAreCountedAndLosingTheExtentIsDamage() throws IOException {
        // c2's 50 words become one zeroed range: its first word has an event, the extent stands for the other 49
        Path events = dir.resolve("cells/c2/run-001.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(events));
        String extent = "{\"event\":\"extent\",\"iteration\":1,\"offset\":0,\"length\":800,\"words\":50,"
                + "\"kind\":\"zeros\"}";
        List<String> withExtent = new ArrayList<>(List.of(lines.get(0), lines.get(1), extent, lines.get(lines.size() - 1)));
        Files.write(events, withExtent);
        assertEquals(List.of(), runs().damage());

        withExtent.remove(2); // the extent lost: 49 words unaccounted for
        Files.write(events, withExtent);
        Damage d = runs().damage().get(0);
        assertTrue(d.problem().contains("says 50 corrupt words but run-001.jsonl holds 1 corruption events"), d.problem());
    }

    @Test
    void anExtentWithoutAKindOrOfAKindNotKnownHereStandsForNoWords() throws IOException {
        // hand-edited, or written by a newer writer: what its words stand for cannot be told, so they are not counted
        Path events = dir.resolve("cells/c2/run-001.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(events));
        for (String kind : List.of("", ",\"kind\":null", ",\"kind\":\"sheared\"")) {
            String extent = "{\"event\":\"extent\",\"iteration\":1,\"offset\":0,\"length\":800,\"words\":50" + kind + "}";
            Files.write(events, List.of(lines.get(0), lines.get(1), extent, lines.get(lines.size() - 1)));

            Runs runs = runs();

            assertEquals(3, iterations(runs), "the corrupt run is not counted, with kind '" + kind + "'");
            Damage d = runs.damage().get(0);
            assertTrue(d.problem().contains("says 50 corrupt words but run-001.jsonl holds 1 corruption events"), d.problem());
        }
    }

    @Test
    void aTruncatedSummaryIsNamedWithItsFileAndPlace() throws IOException {
        Path summary = dir.resolve("cells/c1/run-001.json");
        Files.writeString(summary, Files.readString(summary).substring(0, 60));

        Damage d = runs().damage().get(0);

        assertEquals(summary, d.path());
        assertTrue(d.problem().startsWith("is damaged: Unexpected end-of-input"), d.problem());
        assertTrue(d.problem().contains("(line "), d.problem());
        assertFalse(d.toString().contains("REDACTED"), d.toString());
    }

    @Test
    void aTruncatedSweepFileIsNamed() throws IOException {
        Path sweep = dir.resolve("sweep.json");
        Files.writeString(sweep, Files.readString(sweep).substring(0, 40));

        IOException e = assertThrows(IOException.class, this::runs);

        assertTrue(e.getMessage().startsWith(sweep + " is damaged: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("restore it from a copy"), e.getMessage());
    }

    @Test
    void impossibleValuesAreNotCounted() throws IOException {
        Path summary = dir.resolve("cells/c1/run-001.json");
        Files.writeString(summary, Files.readString(summary).replace("\"iterations\" : 3", "\"iterations\" : -400"));

        Runs runs = runs();

        assertEquals(3, iterations(runs));
        assertTrue(runs.damage().get(0).problem().contains("negative count (iterations -400"), runs.damage().toString());
    }

    @Test
    void aNewJournalEntryNeverJoinsATornLine() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.journal(JournalEntry.START, "c1", 1, "h", null);
        }
        Files.writeString(dir.resolve("journal.jsonl"), "{\"time\":\"2026", StandardOpenOption.APPEND); // a crash mid-line
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.journal(JournalEntry.FINISH, "c1", 1, "h", "clean");
        }

        List<String> lines = Files.readAllLines(dir.resolve("journal.jsonl"));
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("{\"time\":\"2026", lines.get(1));
        assertTrue(EventCodec.mapper().readTree(lines.get(2)).path("what").asText().equals("finish"), lines.get(2));
        Damage d = runs().damage().get(0);
        assertEquals("line 2 is torn (cut by a crash mid-write)", d.problem());
    }

    @Test
    void aTempFileOfADeadProcessIsNamedThenRemovedByTheNextWriter() throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = dir.resolve(".cube.h5.tmp-" + gone.pid());
        Path live = dir.resolve(".cube.h5.tmp-" + ProcessHandle.current().pid());
        Files.writeString(stale, "half a cube");
        Files.writeString(live, "a cube being written");

        Runs runs = runs();

        assertEquals(1, runs.damage().size(), runs.damage().toString());
        assertEquals(stale, runs.damage().get(0).path());
        assertTrue(Files.exists(stale), "readers remove nothing");
        ResultsStore.openForWriting(dir).close();
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(live), "a file of a live process stays");
    }

    /**
     * Stale files at every depth the store writes them (the sweep directory, hosts/, cells/, a
     * cell's run files) are found by the audit, in path order, and by the writers' clean-up;
     * nothing deeper is looked at, and a live process's file stays.
     */
    @Test
    void staleTemporaryFilesAreFoundAtEveryDepthTheStoreWritesThem() throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String dead = ".x.tmp-" + gone.pid();
        Files.createDirectories(dir.resolve("hosts"));
        List<Path> stale = List.of(dir.resolve(dead), dir.resolve("cells").resolve(dead),
                dir.resolve("cells/c1").resolve(dead), dir.resolve("cells/c2/.run-001.json.tmp-" + gone.pid() + "-7"),
                dir.resolve("hosts").resolve(dead));
        for (Path f : stale) {
            Files.writeString(f, "half written");
        }
        Path deeper = Files.createDirectories(dir.resolve("cells/c1/kept")).resolve(dead);
        Path live = dir.resolve("cells/c1/.y.tmp-" + ProcessHandle.current().pid());
        Files.writeString(deeper, "not the store's");
        Files.writeString(live, "being written");

        List<Path> named = runs().damage().stream().filter(d -> d.problem().contains("temporary file"))
                .map(Damage::path).toList();

        assertEquals(stale.stream().sorted().toList(), named);
        ResultsStore.openForWriting(dir).close();
        stale.forEach(f -> assertFalse(Files.exists(f), f + " is removed"));
        assertTrue(Files.exists(deeper), "nothing below a cell's files is touched");
        assertTrue(Files.exists(live), "a file of a live process stays");
    }

    @Test
    void aSecondWriterIsRefusedAsSweepInUse() throws IOException {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            assertInstanceOf(SweepInUse.class, assertThrows(IOException.class, () -> ResultsStore.openForWriting(dir)));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
