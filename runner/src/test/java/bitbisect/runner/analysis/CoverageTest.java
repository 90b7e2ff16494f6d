package bitbisect.runner.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What clean evidence covered, on three two-valued axes (8 cells of 1 MiB). */
class CoverageTest {

    /** Cells a, b, c as bits; {@code ran} the cells with 10 finished iterations. */
    private static Design design(Set<Integer> ran) {
        List<Design.Axis> axes = List.of(new Design.Axis("a", List.of("v0", "v1"), null),
                new Design.Axis("b", List.of("v0", "v1"), null), new Design.Axis("c", List.of("v0", "v1"), null));
        int[][] at = new int[8][3];
        long[] n = new long[8];
        long[] words = new long[8];
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            at[c] = new int[] {c >> 2 & 1, c >> 1 & 1, c & 1};
            n[c] = ran.contains(c) ? 10 : 0;
            words[c] = 1 << 17;
            ids.add("cell" + c);
        }
        return new Design(axes, ids, at, n, new long[8], new long[8], words, new long[8]);
    }

    @Test
    void aCoveringArrayOfPairsCoversStrengthTwoAndNamesTheCellsNeverRun() {
        // (0,0,0) (0,1,1) (1,0,1) (1,1,0): every pair of values once, no triple twice
        Coverage c = Coverage.of(design(Set.of(0, 3, 5, 6)));

        assertEquals(2, c.strength());
        assertEquals(3, c.varyingAxes());
        assertEquals(4, c.cellsRun());
        assertEquals(List.of("cell1", "cell2", "cell4", "cell7"), c.neverRun());
        assertEquals(1 - Math.pow(0.05, 1 / 40.0), c.perIteration(), 1e-12);
        // -ln(0.05) / (40 iterations x 2^17 words) x 2^27 words per GiB
        assertEquals(-Math.log(0.05) * 25.6, c.perGib(), 1e-9);
        assertEquals("every value of a, every value of b, every value of c", c.weakest());
        assertEquals(20, c.weakestIterations());
        assertEquals(1 - Math.pow(0.05, 1 / 20.0), c.weakestPerIteration(), 1e-12);
        assertEquals("every combination of 2 values ran, 4 of 8 cells never did", c.text());
    }

    @Test
    void theLeastRunValuesAreNamed() {
        // cells 0 and 1 ran (a=v0, b=v0, c both): a=v1 and b=v1 never ran
        Coverage c = Coverage.of(design(Set.of(0, 1)));
        assertEquals("a=v1, b=v1", c.weakest());
        assertEquals(0, c.weakestIterations());
        assertEquals(1.0, c.weakestPerIteration());
    }

    @Test
    void strengthIsWhatEveryCombinationReachedNotWhatSomeDid() {
        assertEquals(1, Coverage.of(design(Set.of(0, 7))).strength(), "each value once, not every pair");
        assertEquals(0, Coverage.of(design(Set.of(0))).strength(), "the value 1 of each axis never ran");
        Coverage all = Coverage.of(design(Set.of(0, 1, 2, 3, 4, 5, 6, 7)));
        assertEquals(3, all.strength());
        assertTrue(all.everyCell());
        assertEquals("every cell ran", all.text());
    }

    @Test
    void theHeadlineSaysWhatCouldStillHide() {
        Design d = design(Set.of(0, 3, 5, 6));
        Findings f = Analysis.analyse(d, "t", List.of(), (cell, more) -> "");

        assertEquals(Findings.Verdict.NO_CORRUPTION, f.verdict());
        assertEquals("No corruption in 40 iterations over 4 of 8 cells: at 95%, fewer than 7.2% of iterations are"
                + " corrupt where they ran (fewer than 77 corrupt words per GiB verified); the least run, every"
                + " value of a, every value of b, every value of c (20 iterations each), below 14%. Every combination of 2 values ran, 4 of 8 cells never did: a cause"
                + " that needs 3 values at once could hide in the cells never run.", f.headline());
    }

    /** One iteration of a one-cell matrix is said as such, not "1 iterations over all 1 cells". */
    @Test
    void oneIterationOfOneCellReadsAsEnglish() {
        Design d = new Design(List.of(new Design.Axis("a", List.of("v0"), null)), List.of("cell0"), new int[][] {{0}},
                new long[] {1}, new long[1], new long[1], new long[] {1 << 17}, new long[1]);
        Findings f = Analysis.analyse(d, "t", List.of(), (cell, more) -> "");

        assertTrue(f.headline().startsWith("No corruption in 1 iteration in the one cell: at 95%, fewer than"),
                f.headline());
    }
}
