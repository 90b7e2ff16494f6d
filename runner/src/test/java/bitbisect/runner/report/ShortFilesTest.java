package bitbisect.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepData;
import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that came back short is corruption of its own kind: missing bytes, counted per iteration, named in the report. */
class ShortFilesTest {

    @TempDir
    Path dir;

    @Test
    void aLostWriteIsTheKindMissing() throws Exception {
        SyntheticSweep.write(dir, "name: lost\nhosts: [{name: h, storage: {local: /tmp/x}}]\n"
                + "axes: {sync: [buffered, fsync], size: [1MiB]}\n", cell -> List.of(SyntheticSweep.Run.clean(3)));
        String cell = "h.local.buffered.1MiB.cached.default.alternating";
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            // Iteration 2 of 3 came back empty (the writer's size_mismatch precedes its iteration event).
            Files.write(store.runFiles(cell, 1).events(), List.of(
                    "{\"event\":\"start\",\"command\":\"run\",\"parameters\":{\"path\":\"/tmp/x/f\",\"size\":1048576,"
                            + "\"block\":1048576,\"stall_seconds\":10}}",
                    "{\"event\":\"iteration\",\"iteration\":1,\"bytes\":1048576,\"read_ns\":5,\"corrupt_words\":0}",
                    "{\"event\":\"size_mismatch\",\"iteration\":2,\"expected_bytes\":1048576,\"actual_bytes\":0}",
                    "{\"event\":\"iteration\",\"iteration\":2,\"bytes\":1048576,\"read_ns\":5,\"corrupt_words\":0}",
                    "{\"event\":\"iteration\",\"iteration\":3,\"bytes\":1048576,\"read_ns\":5,\"corrupt_words\":0}",
                    "{\"event\":\"end\",\"status\":\"corrupt\",\"iterations\":3,\"corrupt_iterations\":1,\"corrupt_words\":0,"
                            + "\"events_not_printed\":0,\"bytes_written\":3145728,\"bytes_verified\":2097152,\"elapsed_ns\":9}"));
            store.writeSummary(new RunSummary(cell, 1, 1, "h", RunStatus.CORRUPT, 1, 3, 1, 0, 3L << 20, 2L << 20,
                    "2026-01-01T00:00:00Z", 1.0, List.of(), "1 iteration came back short (0 B of 1.0 MiB: a lost write)",
                    List.of(), null, store.sweepIdentity(), null));
        }

        SweepData data = SweepData.load(dir);
        assertEquals(List.of(), data.damage());
        ReportWriter.Written w = ReportWriter.write(data, dir, "");

        JsonNode kinds = EventCodec.mapper().readTree(dir.resolve("findings.json").toFile()).get("kinds");
        assertEquals(1, kinds.size(), kinds.toString());
        JsonNode missing = kinds.get(0);
        assertEquals("missing", missing.get("kind").asText());
        assertEquals(1, missing.get("extents").asLong(), "one short iteration");
        assertEquals(1048576 / 8, missing.get("words").asLong(), "the words it lacked");
        assertEquals(1, missing.get("corrupt_iterations").asLong());
        assertEquals(1048576, missing.get("largest_extent").asLong());
        String report = Files.readString(w.markdown());
        assertTrue(report.contains("missing") && report.contains("bytes the file came back without"), report);
    }
}
