package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepRecord.PlannedRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The end-of-sweep totals never call a run done that is to run again. */
class SweepSummaryTest {

    private static final List<PlannedRun> PLAN = List.of(new PlannedRun("c1", 1), new PlannedRun("c2", 1));

    private static RunSummary run(String cell, RunStatus status) {
        return new RunSummary(cell, 1, 1, "h", status, null, 2, 0, 0, 2048, 2048, "2026-01-01T00:00:00Z", 1.0,
                List.of(), status == RunStatus.UNREACHABLE ? "h: no route to host" : null, List.of(), null, null, null);
    }

    private static String print(SweepSummary s) {
        StringWriter out = new StringWriter();
        s.print(new PrintWriter(out), "results");
        return out.toString();
    }

    @Test
    void anUnreachableRunIsNotDoneButToRunAgain() {
        SweepSummary s = new SweepSummary("s", PLAN, Map.of("c1", List.of(run("c1", RunStatus.CLEAN)),
                "c2", List.of(run("c2", RunStatus.UNREACHABLE))), List.of(), List.of());

        String text = print(s);

        assertTrue(text.startsWith("sweep s: 1 of 2 planned runs done (2 cells), 1 not run\n"), text);
        assertTrue(text.contains("clean 1, corrupt 0, error 0, hung 0, unreachable 1"), text);
        assertEquals(Bitbisect.EXIT_INCOMPLETE, s.exitCode());
    }

    /** The totals line counts what the headline counts; the corrupt words of a run that cannot be believed are shown apart. */
    @Test
    void theTotalsCountTheEvidenceAndShowTheRestApart() {
        RunSummary error = new RunSummary("c2", 1, 1, "h", RunStatus.ERROR, 0, 5, 3, 224, 5120, 5120,
                "2026-01-01T00:00:00Z", 1.0, List.of(), "the writer's output cannot be believed: ...", List.of(), null,
                null, false);
        SweepSummary s = new SweepSummary("s", PLAN, Map.of("c1", List.of(run("c1", RunStatus.CLEAN)),
                "c2", List.of(error)), List.of(), List.of());

        String text = print(s);

        assertTrue(text.contains("  clean 1, corrupt 0, error 1, hung 0, unreachable 0; 2 iterations, 2.0 KiB verified,"
                + " 0 corrupt words (not counted: 5 iterations and 224 corrupt words of runs whose output cannot be"
                + " believed or that never ran)\n"), text);
        assertEquals(Bitbisect.EXIT_INCOMPLETE, s.exitCode());
    }

    /** What an error run verified before it failed counts, its corruption too: the sweep found corruption. */
    @Test
    void theCorruptIterationsOfARunThatFailedLaterAreCorruptionFound() {
        RunSummary failed = new RunSummary("c2", 1, 1, "h", RunStatus.ERROR, 3, 9, 9, 20, 9216, 9216,
                "2026-01-01T00:00:00Z", 1.0, List.of(), "open: No such file or directory (ENOENT); before that, 20 corrupt"
                + " words in 9 iterations of 9 verified", List.of(), null, null, true);
        SweepSummary s = new SweepSummary("s", PLAN, Map.of("c1", List.of(run("c1", RunStatus.CLEAN)),
                "c2", List.of(failed)), List.of(), List.of());

        String text = print(s);

        assertTrue(text.contains("  clean 1, corrupt 0, error 1, hung 0, unreachable 0; 11 iterations, 11.0 KiB verified,"
                + " 20 corrupt words\n"), text);
        assertTrue(text.contains("  rerun: "), "the cell's corruption is worth a rerun: " + text);
        assertEquals(Bitbisect.EXIT_CORRUPT, s.exitCode());
    }

    @Test
    void aRunCutShortIsNotDone() {
        SweepSummary s = new SweepSummary("s", PLAN, Map.of("c1", List.of(run("c1", RunStatus.CLEAN))),
                List.of(new PlannedRun("c2", 1)), List.of());

        String text = print(s);

        assertTrue(text.startsWith("sweep s: 1 of 2 planned runs done (1 cells), 1 not run\n"), text);
        assertTrue(text.contains("  1 run was cut short (running now, or the sweep was stopped); it runs again on resume"),
                text);
    }
}
