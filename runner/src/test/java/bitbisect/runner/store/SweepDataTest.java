package bitbisect.runner.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read model gives the same run details and corruption rows whether the summary carries
 * them (RunDetails, written as the events arrived) or the events must be parsed (stores written
 * before RunDetails existed).
 */
public class SweepDataTest {

    static final String CELL = "h.local.buffered.64KiB.cached.default.alternating";
    public static final List<String> EVENTS = List.of(
            "{\"event\":\"start\",\"tool\":\"pattern-writer\",\"version\":\"t\",\"command\":\"run\",\"parameters\":"
                    + "{\"path\":\"/x/f\",\"size\":65536,\"block\":4096,\"sync\":\"buffered\",\"readback\":\"cached\","
                    + "\"pattern\":\"alternating\",\"iterations\":3,\"keep\":\"corrupt\",\"max_events\":1,"
                    + "\"stall_seconds\":1.0},\"facts\":{\"target\":{\"path\":\"/x/f\",\"fs_type\":\"nfs4\","
                    + "\"mount_options\":\"rw,relatime\"}}}",
            "{\"event\":\"iteration\",\"iteration\":1,\"bytes\":65536,\"corrupt_words\":0}",
            "{\"event\":\"stall\",\"iteration\":2,\"operation\":\"write\",\"offset\":0,\"seconds\":1.5}",
            "{\"event\":\"corruption\",\"iteration\":2,\"offset\":4096,\"expected\":\"0xffffffffffffffff\","
                    + "\"actual\":\"0xffffffff00000000\",\"mask\":\"0x00000000ffffffff\",\"bytes\":[0,1,2,3],\"time_ms\":7}",
            "{\"event\":\"iteration\",\"iteration\":2,\"bytes\":65536,\"corrupt_words\":3}",
            "{\"event\":\"iteration\",\"iteration\":3,\"bytes\":65536,\"corrupt_words\":0}",
            "{\"event\":\"end\",\"status\":\"corrupt\",\"iterations\":3,\"corrupt_iterations\":1,\"corrupt_words\":3,"
                    + "\"events_not_printed\":2,\"bytes_written\":196608,\"bytes_verified\":196608,\"elapsed_ns\":9,"
                    + "\"nfs_delta\":{\"options\":\"vers=4.2,timeo=600\",\"sends\":10,\"requests\":10,"
                    + "\"transmissions\":12,\"retransmits\":2,\"major_timeouts\":1}}");

    @TempDir
    Path dir;

    private SweepData store(String name, RunDetails details) throws IOException {
        return store(name, details, RunStatus.CORRUPT, 3);
    }

    private SweepData store(String name, RunDetails details, List<String> events) throws IOException {
        return store(name, details, RunStatus.CORRUPT, 3, events);
    }

    private SweepData store(String name, RunDetails details, RunStatus status, long corruptWords) throws IOException {
        return store(name, details, status, corruptWords, EVENTS);
    }

    private SweepData store(String name, RunDetails details, RunStatus status, long corruptWords, List<String> events)
            throws IOException {
        Path sweep = dir.resolve(name);
        try (ResultsStore store = ResultsStore.openForWriting(sweep)) {
            store.writeSweep(new SweepRecord(name, "m", "m.yaml", "0", 1, "2026-01-01T00:00:00Z", "v", "w",
                    List.of(new SweepRecord.PlannedRun(CELL, 1))), "hosts: [{name: h, storage: {local: /x}}]\n"
                    + "axes: {size: [64KiB]}\nwork: {iterations: 3}\n");
            store.beginAttempt(CELL, 1);
            Files.write(store.runFiles(CELL, 1).events(), events);
            store.writeSummary(new RunSummary(CELL, 1, 1, "h", status, 1, 3, 1, corruptWords, 196608, 196608,
                    "2026-01-01T00:00:00Z", 1.0, List.of(), "3 corrupt words in 1 iteration", List.of(), details, null, null));
        }
        return SweepData.load(sweep);
    }

    @Test
    void detailsFromTheSummaryEqualDetailsParsedFromTheEvents() throws IOException {
        RunDetails recorded = new RunDetails(4096, "nfs4", "rw,relatime", "vers=4.2,timeo=600", 2, 1, 1, 2, 2, null, 0, 0, -1, null);

        SweepData fast = store("fast", recorded);
        SweepData parsed = store("parsed", null);

        SweepData.RunDetail expected = new SweepData.RunDetail(0, 1, RunStatus.CORRUPT, true, 4096, "nfs4", "rw,relatime",
                "vers=4.2,timeo=600", 2, 1, 1, 2, 2, 0, 0, -1, null);
        assertEquals(List.of(expected), parsed.details());
        assertEquals(List.of(expected), fast.details());
        assertEquals(List.of(new SweepData.CorruptionRow(0, 1, 2, 4096, -1L, 0xffffffff00000000L, 0xffffffffL, 7)),
                fast.events());
        assertEquals(parsed.events(), fast.events());
    }

    /**
     * With --max-events holding an iteration's corruption lines back, its own line still counts
     * its corrupt words: the first corrupt iteration is that one, as the sweep recorded it and as
     * an old store's events are read back.
     */
    @Test
    void theFirstCorruptIterationCountsAnIterationWhoseCorruptionLinesWereHeldBack() throws IOException {
        List<String> heldBack = new java.util.ArrayList<>(EVENTS);
        heldBack.set(3, EVENTS.get(3).replace("\"iteration\":2", "\"iteration\":3")); // iteration 2's lines held back
        RunDetailsOfEvents recorded = new RunDetailsOfEvents();
        heldBack.forEach(line -> recorded.add(EventsFile.parse(line)));
        assertEquals(2, recorded.details().firstCorruptIteration());

        SweepData fast = store("fast", recorded.details(), heldBack);
        SweepData parsed = store("parsed", null, heldBack);

        assertEquals(2, parsed.details().get(0).firstCorruptIteration());
        assertEquals(parsed.details(), fast.details());
    }

    @Test
    void theProgressOfALoadCountsEveryCellDirectoryChecked() throws IOException {
        store("counted", null);
        ReadProgress progress = new ReadProgress();
        assertEquals(-1, progress.cells(), "not listed yet");

        SweepData.load(dir.resolve("counted"), progress);

        assertEquals(1, progress.cells());
        assertEquals(1, progress.checked());
    }

    /** A corruption line written otherwise than the writer writes it (fields reordered, words in capitals) gives the same row. */
    @Test
    void aCorruptionLineNotInTheWritersLayoutGivesTheSameRow() throws IOException {
        SweepData writers = store("writers", RECORDED);
        Path events = dir.resolve("writers/cells/" + CELL + "/run-001.jsonl");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(events));
        lines.set(3, "{\"time_ms\":7,\"event\":\"corruption\",\"iteration\":2,\"offset\":4096,"
                + "\"expected\":\"0xFFFFFFFFFFFFFFFF\",\"actual\":\"0xffffffff00000000\",\"mask\":\"0xffffffff\"}");
        Files.write(events, lines);

        SweepData other = SweepData.load(dir.resolve("writers"));

        assertEquals(List.of(), other.damage());
        assertEquals(writers.events(), other.events());
    }

    private static final RunDetails RECORDED = new RunDetails(4096, "nfs4", "rw,relatime", "vers=4.2,timeo=600", 2, 1,
            1, 2, 2, null, 0, 0, -1, null);

    @Test
    void aCorruptRunWhoseEventsDisagreeWithItsSummaryGivesNoRowsAndIsDamage() throws IOException {
        SweepData data = store("disagrees", RECORDED, RunStatus.CORRUPT, 4); // the events hold 1 printed + 2 not

        assertEquals(List.of(), data.events(), "rows read in the audit's pass are dropped with their run");
        assertEquals(List.of(), data.details());
        assertEquals(1, data.damage().size());
        assertTrue(data.damage().get(0).problem().startsWith("says 4 corrupt words but run-001.jsonl holds 1"
                + " corruption events and 2 not printed"), data.damage().get(0).problem());
    }

    @Test
    void aHungRunWithCorruptWordsGivesItsRowsThoughOnlyCorruptRunsAreCounted() throws IOException {
        SweepData data = store("hung", RECORDED, RunStatus.HUNG, 1); // a count the audit checks only for corrupt runs

        assertEquals(List.of(), data.damage());
        assertEquals(List.of(new SweepData.CorruptionRow(0, 1, 2, 4096, -1L, 0xffffffff00000000L, 0xffffffffL, 7)),
                data.events());
    }
}
