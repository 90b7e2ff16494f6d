package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** status names what in the store it cannot count, with its path, and exits 3. */
class StoreProblemsCommandTest {

    @TempDir
    Path root;

    private static final String MATRIX = "name: s\nhosts: [{name: h, storage: {local: /tmp/x}}]\n"
            + "axes: {sync: [buffered], size: [1MiB], readback: [cached]}\n";
    private static final String CELL = "h.local.buffered.1MiB.cached.default.alternating";

    @Test
    void statusNamesACopiedCellAndCountsOnlyTheRealOne() throws Exception {
        Path dir = root.resolve("s-1");
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.writeSweep(new SweepRecord("s-1", "s", "m.yaml", "0", 1, "2026-01-01T00:00:00Z", "v", "w",
                    List.of(new SweepRecord.PlannedRun(CELL, 1))), MATRIX);
            store.beginAttempt(CELL, 1);
            Files.writeString(store.runFiles(CELL, 1).events(),
                    bitbisect.runner.store.IterationLines.of(20) + "{\"event\":\"end\"}\n");
            store.writeSummary(new RunSummary(CELL, 1, 1, "h", RunStatus.CLEAN, 0, 20, 0, 0, 20480, 20480,
                    "2026-01-01T00:00:00Z", 1.0, List.of(), null, List.of(), null, null, null));
        }
        Path copy = Files.createDirectories(dir.resolve("cells/" + CELL + ".bak"));
        for (String f : List.of("run-001.json", "run-001.jsonl")) {
            Files.copy(dir.resolve("cells/" + CELL).resolve(f), copy.resolve(f));
        }
        StringWriter out = new StringWriter();
        CommandLine cmd = Bitbisect.commandLine();
        cmd.setOut(new PrintWriter(out));

        int exit = cmd.execute("status", "s-1", "--results", root.toString());

        assertEquals(3, exit, out.toString());
        assertTrue(out.toString().contains("sweep s-1: 1 of 1 planned runs done (1 cells), 0 not run"), out.toString());
        assertTrue(out.toString().contains("20 iterations"), "the copy's 20 are not added: " + out);
        assertTrue(out.toString().contains("store problems (1, never counted as evidence):\n  " + copy
                + ": not a cell of this sweep; its runs are not counted; move it out of cells/"), out.toString());
    }
}
