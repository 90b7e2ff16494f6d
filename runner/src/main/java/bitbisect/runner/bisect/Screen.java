package bitbisect.runner.bisect;

import bitbisect.runner.analysis.Design;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Covering arrays over the matrix's own cells (so include and exclude are honoured). The first
 * round of a hunt shows every value of every axis and every pair of values that occur together
 * in some cell (strength 2): a fault that needs two conditions at once (kernel 5.1 and no
 * O_SYNC) is then met by some cell of the first round. Later rounds climb (strength 3, 4, ...,
 * up to whole cells) over the combinations no run has shown yet, so a fault of three single
 * values (one host AND one storage AND one sync mode) is met too before runs grow longer.
 *
 * <p>Built greedily: each next cell is the one that shows the most combinations not shown yet,
 * ties broken by the seed.
 */
public final class Screen {

    private Screen() {
    }

    /** Cells among {@code allowed} (indices into the design) covering every pair of values they show, in the order chosen. */
    public static List<Integer> of(Design design, BitSet allowed, long seed) {
        return of(design, allowed, seed, 2, new BitSet());
    }

    /**
     * Cells among {@code allowed} that together show every combination of up to {@code strength}
     * values (on different axes) that they show and no cell of {@code shown} does; empty when
     * {@code shown} leaves nothing new. With nothing shown, at least one cell.
     */
    public static List<Integer> of(Design design, BitSet allowed, long seed, int strength, BitSet shown) {
        Combinations combinations = new Combinations(design, strength);
        BitSet uncovered = new BitSet();
        List<Integer> order = new ArrayList<>();
        int[][] of = new int[design.cells()][];
        for (int c = allowed.nextSetBit(0); c >= 0; c = allowed.nextSetBit(c + 1)) {
            of[c] = combinations.of(c);
            for (int t : of[c]) {
                uncovered.set(t);
            }
            order.add(c);
        }
        for (int c = shown.nextSetBit(0); c >= 0; c = shown.nextSetBit(c + 1)) {
            for (int t : of[c] != null ? of[c] : combinations.of(c)) {
                uncovered.clear(t);
            }
        }
        java.util.Collections.shuffle(order, new Random(seed));
        List<Integer> chosen = new ArrayList<>();
        boolean[] taken = new boolean[design.cells()];
        while (!uncovered.isEmpty() || chosen.isEmpty() && !order.isEmpty() && shown.isEmpty()) {
            int best = -1;
            int bestNew = -1;
            for (int c : order) {
                if (taken[c]) {
                    continue;
                }
                int fresh = 0;
                for (int t : of[c]) {
                    if (uncovered.get(t)) {
                        fresh++;
                    }
                }
                if (fresh > bestNew) {
                    best = c;
                    bestNew = fresh;
                }
            }
            taken[best] = true;
            chosen.add(best);
            for (int t : of[best]) {
                uncovered.clear(t);
            }
        }
        return chosen;
    }

    /** How many axes take more than one value: a strength this high covers whole cells. */
    static int varyingAxes(Design design) {
        return (int) design.axes().stream().filter(a -> !a.constant()).count();
    }

    /**
     * The combinations of up to {@code strength} (axis, value) pairs on different varying axes
     * that a cell shows, each numbered the first time it is met.
     */
    private static final class Combinations {
        private final Design design;
        private final int strength;
        private final int[] axes;
        private final Map<List<Integer>, Integer> ids = new HashMap<>();

        Combinations(Design design, int strength) {
            this.design = design;
            this.strength = strength;
            this.axes = java.util.stream.IntStream.range(0, design.axes().size())
                    .filter(a -> !design.axes().get(a).constant()).toArray();
        }

        int[] of(int cell) {
            List<Integer> out = new ArrayList<>();
            add(design.at()[cell], 0, new ArrayList<>(), out);
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        /** Every combination that extends {@code prefix} with axes from index {@code from} on. */
        private void add(int[] at, int from, List<Integer> prefix, List<Integer> out) {
            for (int i = from; i < axes.length; i++) {
                prefix.add(axes[i] << 16 | at[axes[i]]);
                out.add(ids.computeIfAbsent(List.copyOf(prefix), k -> ids.size()));
                if (prefix.size() < strength) {
                    add(at, i + 1, prefix, out);
                }
                prefix.remove(prefix.size() - 1);
            }
        }
    }
}
