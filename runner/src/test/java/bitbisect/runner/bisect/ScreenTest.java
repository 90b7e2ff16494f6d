package bitbisect.runner.bisect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.analysis.Design;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScreenTest {

    @Test
    void everyPairOfValuesIsShownByFewerCellsThanTheMatrixHas() {
        Design d = Designs.factorial(1, 3, 3, 3, 3); // 81 cells
        BitSet all = new BitSet();
        all.set(0, d.cells());
        List<Integer> screen = Screen.of(d, all, 1);
        assertEquals(pairs(d, all), pairs(d, toBitSet(screen)));
        assertTrue(screen.size() <= 15, "a covering array of 3^4 needs 9 cells; greedy took " + screen.size());
        assertEquals(screen.size(), new HashSet<>(screen).size(), "no cell twice");
    }

    @Test
    void onlyAllowedCellsAreChosenAndTheirPairsCovered() {
        Design d = Designs.factorial(1, 2, 4, 3);
        BitSet allowed = new BitSet();
        for (int c = 0; c < d.cells(); c++) {
            allowed.set(c, d.at()[c][0] == 0); // the other half of the matrix cannot run
        }
        List<Integer> screen = Screen.of(d, allowed, 9);
        assertTrue(screen.stream().allMatch(allowed::get), screen.toString());
        assertEquals(pairs(d, allowed), pairs(d, toBitSet(screen)));
    }

    @Test
    void aStrengthOfThreeShowsEveryTripleThatNoCellShownBeforeShows() {
        Design d = Designs.factorial(1, 3, 3, 3, 3); // 81 cells: 4 triples of axes x 27 triples of values
        BitSet all = new BitSet();
        all.set(0, d.cells());
        BitSet ran = toBitSet(Screen.of(d, all, 1)); // the pairs' cover ran
        BitSet never = (BitSet) all.clone();
        never.andNot(ran);
        List<Integer> climb = Screen.of(d, never, 2, 3, ran);
        assertTrue(climb.stream().allMatch(never::get), "only cells that never ran: " + climb);
        BitSet together = (BitSet) ran.clone();
        climb.forEach(together::set);
        assertEquals(triples(d, all), triples(d, together));
        assertTrue(climb.size() < never.cardinality(), "fewer than every cell left: " + climb.size());
    }

    @Test
    void nothingNewToShowIsNoCells() {
        Design d = Designs.factorial(1, 2, 3);
        BitSet all = new BitSet();
        all.set(0, d.cells());
        BitSet one = new BitSet();
        one.set(0);
        assertEquals(List.of(), Screen.of(d, one, 1, 2, all));
    }

    private static Set<String> triples(Design d, BitSet cells) {
        Set<String> out = new HashSet<>();
        int n = d.axes().size();
        cells.stream().forEach(c -> {
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    for (int e = b + 1; e < n; e++) {
                        out.add(a + "=" + d.at()[c][a] + "," + b + "=" + d.at()[c][b] + "," + e + "=" + d.at()[c][e]);
                    }
                }
            }
        });
        return out;
    }

    private static BitSet toBitSet(List<Integer> cells) {
        BitSet s = new BitSet();
        cells.forEach(s::set);
        return s;
    }

    private static Set<String> pairs(Design d, BitSet cells) {
        Set<String> out = new HashSet<>();
        cells.stream().forEach(c -> {
            for (int a = 0; a < d.axes().size(); a++) {
                for (int b = a + 1; b < d.axes().size(); b++) {
                    out.add(a + "=" + d.at()[c][a] + "," + b + "=" + d.at()[c][b]);
                }
            }
        });
        return out;
    }
}
