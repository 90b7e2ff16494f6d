package bitbisect.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.SweepData;
import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hangs and I/O errors are explained as corruption is: the report names where each outcome follows. */
class OutcomesTest {

    @TempDir
    Path dir;

    private static final String MATRIX = "name: flaky\nhosts:\n"
            + "  - {name: h1, labels: {kernel: \"3.10\"}, storage: {local: /l, nfs: /n}}\n"
            + "  - {name: h2, labels: {kernel: \"5.1\"}, storage: {local: /l, nfs: /n}}\n"
            + "  - {name: h3, labels: {kernel: \"5.5\"}, storage: {local: /l, nfs: /n}}\n"
            + "axes: {sync: [buffered, fsync, osync], size: [1MiB, 4MiB]}\nwork: {replicates: 3}\n";

    @Test
    void staleHandlesOnOneHostsNfsAreNamedThereAndWhatTheyVerifiedBeforeCounts() throws Exception {
        // h2's NFS mount answers ESTALE: each of its runs there fails after 2 clean iterations; every other run is clean.
        SyntheticSweep.write(dir, MATRIX, cell -> cell.host().equals("h2") && cell.storage().equals("nfs")
                ? List.of(SyntheticSweep.Run.failed(2, "ESTALE"), SyntheticSweep.Run.failed(2, "ESTALE"),
                        SyntheticSweep.Run.failed(2, "ESTALE"))
                : List.of(SyntheticSweep.Run.clean(4), SyntheticSweep.Run.clean(4), SyntheticSweep.Run.clean(4)));

        ReportWriter.Written w = ReportWriter.write(SweepData.load(dir), dir, "");

        JsonNode findings = EventCodec.mapper().readTree(dir.resolve("findings.json").toFile());
        JsonNode outcomes = findings.get("outcomes");
        assertEquals(1, outcomes.size(), outcomes.toString());
        JsonNode stale = outcomes.get(0);
        assertEquals("error ESTALE", stale.get("outcome").asText());
        assertEquals(18, stale.get("runs").asLong());
        assertEquals(6, stale.get("cells").asLong());
        assertEquals("explained", stale.get("verdict").asText(), stale.toString());
        assertEquals("kernel=5.1 AND storage=nfs", stale.get("explanation").asText(), stale.toString());
        assertEquals("[\"host=h2\"]", stale.get("same_cells_as").toString(), "h2 is the one host of kernel 5.1");
        assertTrue(stale.get("support").asDouble() >= 0.95, stale.toString());
        assertEquals("write: synthetic (ESTALE)", stale.get("example").asText());
        assertEquals(0.0, stale.get("nfs_retransmits_per_run").asDouble(), "these runs counted no retransmits");
        assertEquals(0.0, stale.get("nfs_retransmits_per_run_elsewhere").asDouble());
        // Their verified iterations count: 36 cells, 6 x 3 x 2 of h2's NFS iterations among the clean evidence.
        assertEquals(36, findings.get("totals").get("clean_cells").asInt(), findings.get("totals").toString());
        assertEquals(30 * 3 * 4 + 6 * 3 * 2, findings.get("totals").get("iterations").asLong());
        String report = Files.readString(w.markdown());
        assertTrue(report.contains("## Hangs, I/O errors and stalls") && report.contains("| **error ESTALE** | 18 | 6 |"
                + " kernel=5.1 AND storage=nfs (same cells as host=h2; support"), report);
    }

    /** Slow I/O calls are an outcome too, whatever the run's end: an early warning of a mount about to hang. */
    @Test
    void stallsAreNamedWhereTheyHappen() throws Exception {
        SyntheticSweep.write(dir, MATRIX, cell -> cell.storage().equals("nfs") && cell.sync().equals("osync")
                ? List.of(SyntheticSweep.Run.stalled(4, 2), SyntheticSweep.Run.stalled(4, 1), SyntheticSweep.Run.stalled(4, 3))
                : List.of(SyntheticSweep.Run.clean(4), SyntheticSweep.Run.clean(4), SyntheticSweep.Run.clean(4)));

        ReportWriter.write(SweepData.load(dir), dir, "");

        JsonNode outcomes = EventCodec.mapper().readTree(dir.resolve("findings.json").toFile()).get("outcomes");
        assertEquals(1, outcomes.size(), outcomes.toString());
        assertEquals("stalled", outcomes.get(0).get("outcome").asText());
        assertEquals(18, outcomes.get(0).get("runs").asLong());
        assertEquals("storage=nfs AND sync=osync", outcomes.get(0).get("explanation").asText(), outcomes.toString());
        assertTrue(outcomes.get(0).get("example").asText().matches("\\d stalls? in .* run \\d"), outcomes.toString());
    }

    /**
     * The signature counts the runs the attribution counts: the words of a run that cannot be
     * believed are in its events file, never in the signature (there, 17,385 words were shown
     * where the counted runs held 17,247).
     */
    @Test
    void theSignatureCountsTheRunsTheAttributionCounts() throws Exception {
        SyntheticSweep.write(dir, MATRIX, cell -> cell.id().startsWith("h1.local.buffered.1MiB")
                ? List.of(SyntheticSweep.Run.corrupt(4, 2))
                : cell.id().startsWith("h3.nfs.osync.4MiB")
                ? List.of(new SyntheticSweep.Run(bitbisect.runner.store.RunStatus.ERROR, 4, 3)) // its output not believed
                : List.of(SyntheticSweep.Run.clean(4)));

        ReportWriter.write(SweepData.load(dir), dir, "");

        JsonNode findings = EventCodec.mapper().readTree(dir.resolve("findings.json").toFile());
        assertEquals(1, findings.get("totals").get("corrupt_cells").asInt());
        JsonNode signature = findings.get("signature");
        assertEquals(2, signature.get("events").asLong(), signature.toString());
        assertEquals(2, signature.get("corrupt_words").asLong());
        assertEquals(1, signature.get("corrupt_cells").size(), "as many corrupt cells as the attribution");
    }

    @Test
    void aSweepWithoutHangsOrErrorsHasNoSuchSection() throws Exception {
        SyntheticSweep.write(dir, MATRIX, cell -> List.of(SyntheticSweep.Run.clean(2)));
        ReportWriter.Written w = ReportWriter.write(SweepData.load(dir), dir, "");
        assertEquals(0, EventCodec.mapper().readTree(dir.resolve("findings.json").toFile()).get("outcomes").size());
        assertTrue(!Files.readString(w.markdown()).contains("Hangs, I/O errors and stalls"));
    }
}
