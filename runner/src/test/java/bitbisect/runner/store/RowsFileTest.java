package bitbisect.runner.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's rows file gives exactly what reading its events file gives, and only while the events
 * file is as it was when the run ended: otherwise, or when it is torn or of another layout, the
 * events are read again.
 */
class RowsFileTest {

    /** The writer's lines of a corrupt run, with every kind of line a rows file has to account for. */
    private static final List<String> LINES;

    static {
        List<String> lines = new ArrayList<>(SweepDataTest.EVENTS);
        lines.add(5, "{\"time_ms\":9,\"event\":\"corruption\",\"iteration\":3,\"offset\":64,"
                + "\"expected\":\"0x0000000000000000\",\"actual\":\"0x00000000FFFFFFFF\",\"mask\":\"0xffffffff\"}");
        lines.add(6, "{\"event\":\"extent\",\"iteration\":3,\"offset\":0,\"length\":800,\"words\":50,\"kind\":\"zeros\"}");
        lines.add(7, "{\"event\":\"extent\",\"iteration\":3,\"offset\":4096,\"length\":16,\"words\":2,\"kind\":\"stale\","
                + "\"source_offset\":4096,\"source_iteration\":2,\"source_tag\":7}");
        lines.add(8, "{\"event\":\"corruption\",\"iteration\":3,\"offs"); // torn: counted, no row
        LINES = List.copyOf(lines);
    }

    @TempDir
    Path dir;

    private Path events() {
        return dir.resolve("run-001.jsonl");
    }

    private Path rows() {
        return dir.resolve("run-001.rows");
    }

    /** Writes {@code lines} as the events file and {@code rowLines} through a rows writer stamped with it. */
    private void record(List<String> lines, List<String> rowLines) throws IOException {
        Files.write(events(), lines);
        try (RowsFile.Writer w = new RowsFile.Writer(rows())) {
            for (String line : rowLines) {
                w.line(line);
            }
            w.finish(events());
        }
    }

    @Test
    void theRowsFileGivesWhatReadingTheEventsGives() throws IOException {
        record(LINES, LINES);

        EventsFile.Read parsed = EventsFile.withRows(events(), 5, 1);
        EventsFile.Read cached = RowsFile.read(rows(), events(), 5, 1).orElseThrow();

        assertEquals(parsed, cached);
        assertEquals(2, cached.rows().events().size(), "two corruption rows and the torn line's none");
        assertEquals(2, cached.rows().extents().size());
        assertEquals(List.of(3L, 2L, 50L), List.of(cached.corruptionEvents(), cached.notPrinted(), cached.extentWords()));
        assertEquals(EventsFile.count(events()), RowsFile.read(rows(), events(), -1, 1).orElseThrow());
    }

    @Test
    void anEventsFileChangedSinceTheRunIsReadAgain() throws IOException {
        record(LINES, LINES);
        FileTime recorded = Files.getLastModifiedTime(events());

        Files.setLastModifiedTime(events(), FileTime.fromMillis(recorded.toMillis() - 1000)); // same size, other time
        assertEquals(Optional.empty(), RowsFile.read(rows(), events(), 5, 1));

        Files.setLastModifiedTime(events(), recorded);
        assertTrue(RowsFile.read(rows(), events(), 5, 1).isPresent());
        Files.writeString(events(), "{}\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(events(), recorded); // same time, other size
        assertEquals(Optional.empty(), RowsFile.read(rows(), events(), 5, 1));
    }

    @Test
    void aTornOrForeignRowsFileIsPassedOver() throws IOException {
        record(LINES, LINES);
        byte[] whole = Files.readAllBytes(rows());
        FileTime stamp = Files.getLastModifiedTime(events());

        Files.write(rows(), Arrays.copyOf(whole, whole.length - 1));
        assertEquals(Optional.empty(), RowsFile.read(rows(), events(), 5, 1), "trailer cut");

        byte[] otherLayout = whole.clone();
        otherLayout[otherLayout.length - 1] ^= 1;
        Files.write(rows(), otherLayout);
        assertEquals(Optional.empty(), RowsFile.read(rows(), events(), 5, 1), "another magic");

        byte[] recordCut = new byte[whole.length - 49]; // the first corruption record (tag and six longs) gone
        System.arraycopy(whole, 49, recordCut, 0, recordCut.length);
        Files.write(rows(), recordCut);
        assertEquals(Optional.empty(), RowsFile.read(rows(), events(), 5, 1), "a record short of the trailer's count");

        byte[] badTag = whole.clone();
        badTag[0] = 'q';
        Files.write(rows(), badTag);
        assertEquals(Optional.empty(), RowsFile.read(rows(), events(), 5, 1), "an unknown record");

        Files.delete(rows());
        assertEquals(Optional.empty(), RowsFile.read(rows(), events(), 5, 1), "none at all");
        Files.createDirectory(rows());
        assertEquals(Optional.empty(), RowsFile.read(rows(), events(), 5, 1), "one that cannot be read");
        assertEquals(Optional.empty(), RowsFile.read(rows(), events(), -1, 1), "one that cannot be read, for counts");
        assertEquals(stamp, Files.getLastModifiedTime(events()));
    }

    @Test
    void aRunWithoutCorruptWordsGetsNoRowsFileAndAnUnfinishedOneLeavesNothing() throws IOException {
        List<String> clean = List.of(SweepDataTest.EVENTS.get(0), SweepDataTest.EVENTS.get(1));
        try (RowsFile.Writer w = new RowsFile.Writer(rows())) {
            for (String line : clean) {
                w.line(line);
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.toList(), "no file made while there is no row");
            }
        }
        record(clean, clean);
        assertFalse(Files.exists(rows()));

        try (RowsFile.Writer w = new RowsFile.Writer(rows())) {
            w.line(LINES.get(3));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(events()), files.toList(), "no rows file, no temporary file");
        }
    }

    /**
     * The audit reads the rows file in place of the events while it stands for them: a rows file
     * that says offset 8192 where the events say 4096 shows through until the events file's time
     * changes.
     */
    @Test
    void theStoreReadsRowsFromTheRowsFileUntilTheEventsChange() throws IOException {
        String cell = SweepDataTest.CELL;
        Path sweep = dir.resolve("s");
        try (ResultsStore store = ResultsStore.openForWriting(sweep)) {
            store.writeSweep(new SweepRecord("s", "m", "m.yaml", "0", 1, "2026-01-01T00:00:00Z", "v", "w",
                    List.of(new SweepRecord.PlannedRun(cell, 1))), "hosts: [{name: h, storage: {local: /x}}]\n"
                    + "axes: {size: [64KiB]}\nwork: {iterations: 3}\n");
            store.beginAttempt(cell, 1);
            ResultsStore.RunFiles files = store.runFiles(cell, 1);
            Files.write(files.events(), SweepDataTest.EVENTS);
            List<String> moved = SweepDataTest.EVENTS.stream().map(l -> l.replace("\"offset\":4096,", "\"offset\":8192,"))
                    .toList();
            try (RowsFile.Writer w = store.rowsWriter(cell, 1)) {
                for (String line : moved) {
                    w.line(line);
                }
                w.finish(files.events());
            }
            store.writeSummary(new RunSummary(cell, 1, 1, "h", RunStatus.CORRUPT, 1, 3, 1, 3, 196608, 196608,
                    "2026-01-01T00:00:00Z", 1.0, List.of(), "3 corrupt words in 1 iteration", List.of(),
                    new RunDetails(4096, "nfs4", "rw,relatime", "vers=4.2,timeo=600", 2, 1, 1, 2, 2, null, 0, 0, -1, null), null, null));
        }
        assertEquals(List.of(8192L), SweepData.load(sweep).events().stream().map(SweepData.CorruptionRow::offset).toList());

        Path events = sweep.resolve("cells/" + cell + "/run-001.jsonl");
        Files.setLastModifiedTime(events, FileTime.fromMillis(Files.getLastModifiedTime(events).toMillis() + 1000));
        SweepData reread = SweepData.load(sweep);
        assertEquals(List.of(4096L), reread.events().stream().map(SweepData.CorruptionRow::offset).toList());
        assertEquals(List.of(), reread.damage());
    }
}
