package bitbisect.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceBudgetTest {

    private static RunSummary keeping(String cell, int run, int files) {
        List<String> kept = java.util.stream.IntStream.range(0, files).mapToObj(i -> "/mnt/x/f.iter" + i + ".corrupt").toList();
        return new RunSummary(cell, run, 1, "h1", RunStatus.CORRUPT, 1, 5, files, files, 0, 0, "t", 1, kept, null,
                List.of(), null, null, null);
    }

    @Test
    void runsOfOneCellShareItsFilesWhetherTheyRunOneAfterAnotherOrAtOnce() throws Exception {
        EvidenceBudget budget = new EvidenceBudget(2, cell -> 0);
        int first = budget.take("c1");
        int atOnce = budget.take("c1");
        assertEquals(2, first);
        assertEquals(0, atOnce, "a run started beside the first is promised nothing left");
        budget.settle("c1", first, 1); // it kept one of its two
        budget.settle("c1", atOnce, 0);
        assertEquals(1, budget.take("c1"), "what the first did not keep goes to the next run");
        assertEquals(2, budget.take("c2"), "each cell has its own");
    }

    @Test
    void aResumedSweepCountsWhatItsFinishedRunsKept() throws Exception {
        Map<String, List<RunSummary>> finished = Map.of("c1", List.of(keeping("c1", 1, 1)), "c2",
                List.of(keeping("c2", 1, 2), keeping("c2", 2, 0)));
        EvidenceBudget budget = new EvidenceBudget(2, cell -> finished.get(cell).stream().mapToInt(r -> r.kept().size()).sum());
        assertEquals(1, budget.take("c1"));
        assertEquals(0, budget.take("c2"));
    }
}
