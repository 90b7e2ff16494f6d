package bitbisect.runner.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Two causes of three conditions each, which no single candidate guesses whole. */
class TwoCausesTest {

    private static final int AXES = 6;

    @Test
    void twoCausesOfThreeConditionsEachAreNamedExactly() {
        // a=0 AND b=0 AND c=0; and d=0 AND e=0 AND f=0: 8 + 8 of 64 cells, every one corrupt.
        Design design = design(at -> at[0] == 0 && at[1] == 0 && at[2] == 0 || at[3] == 0 && at[4] == 0 && at[5] == 0);
        Findings f = Analysis.analyse(design, "t", List.of(), (cell, more) -> "");

        assertEquals(Findings.Verdict.TWO_CAUSES, f.verdict(), f.headline());
        assertEquals(Set.of("a=v0 AND b=v0 AND c=v0", "d=v0 AND e=v0 AND f=v0"),
                f.explanations().stream().map(Findings.Explanation::text).collect(Collectors.toSet()));
    }

    /** Six two-valued axes, 64 cells of 1 MiB and 20 iterations; a guilty cell has 10 corrupt iterations. */
    private static Design design(Predicate<int[]> guilty) {
        List<Design.Axis> axes = new ArrayList<>();
        for (int a = 0; a < AXES; a++) {
            axes.add(new Design.Axis(String.valueOf((char) ('a' + a)), List.of("v0", "v1"), null));
        }
        int cells = 1 << AXES;
        int[][] at = new int[cells][AXES];
        long[] n = new long[cells];
        long[] k = new long[cells];
        long[] words = new long[cells];
        long[] corruptWords = new long[cells];
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            for (int a = 0; a < AXES; a++) {
                at[c][a] = (c >> (AXES - 1 - a)) & 1;
            }
            ids.add("cell" + c);
            n[c] = 20;
            words[c] = 1 << 17;
            if (guilty.test(at[c])) {
                k[c] = 10;
                corruptWords[c] = 10;
            }
        }
        return new Design(axes, ids, at, n, k, new long[cells], words, corruptWords);
    }

    /** The pair of cause cell sets is put in the order of their texts, as before, without writing them out. */
    @Test
    void cellSetsCompareAsTheirTextsDo() {
        java.util.Random random = new java.util.Random(14);
        List<BitSet> sets = new ArrayList<>();
        for (String text : List.of("", "0", "1", "10", "1 2", "1 2 3", "1 5", "2", "9 10", "10 11", "100")) {
            BitSet set = new BitSet();
            for (String bit : text.split(" ")) {
                if (!bit.isEmpty()) {
                    set.set(Integer.parseInt(bit));
                }
            }
            sets.add(set);
        }
        for (int n = 0; n < 300; n++) {
            BitSet set = new BitSet();
            int bits = random.nextInt(6);
            for (int b = 0; b < bits; b++) {
                set.set(random.nextInt(n % 2 == 0 ? 12 : 2000));
            }
            sets.add(set);
        }
        for (BitSet a : sets) {
            for (BitSet b : sets) {
                assertEquals(Integer.signum(a.toString().compareTo(b.toString())),
                        Integer.signum(Weighing.compareAsText(a, b)), a + " against " + b);
            }
        }
    }
}
