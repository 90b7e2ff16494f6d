package bitbisect.runner.bisect;

import bitbisect.runner.analysis.Design;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The first round of a hunt: cells that together show every value of every axis and every pair
 * of values that occur together in some cell (a covering array of strength 2 over the matrix's
 * own cells, so include and exclude are honoured). Built greedily: each next cell is the one that
 * shows the most pairs not shown yet, ties broken by the seed. A fault that needs two conditions
 * at once (kernel 5.1 and no O_SYNC) is then met by some cell of the first round.
 */
public final class Screen {

    private Screen() {
    }

    /** Cells among {@code allowed} (indices into the design) covering every pair of values they show, in the order chosen. */
    public static List<Integer> of(Design design, BitSet allowed, long seed) {
        List<Integer> axes = new ArrayList<>();
        for (int a = 0; a < design.axes().size(); a++) {
            if (!design.axes().get(a).constant()) {
                axes.add(a);
            }
        }
        Set<Long> uncovered = new HashSet<>();
        List<Integer> order = new ArrayList<>();
        for (int c = allowed.nextSetBit(0); c >= 0; c = allowed.nextSetBit(c + 1)) {
            uncovered.addAll(pairs(design, axes, c));
            order.add(c);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        List<Integer> chosen = new ArrayList<>();
        boolean[] taken = new boolean[design.cells()];
        while (!uncovered.isEmpty() || chosen.isEmpty() && !order.isEmpty()) {
            int best = -1;
            int bestNew = -1;
            for (int c : order) {
                if (taken[c]) {
                    continue;
                }
                int fresh = 0;
                for (long p : pairs(design, axes, c)) {
                    if (uncovered.contains(p)) {
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
            uncovered.removeAll(pairs(design, axes, best));
        }
        return chosen;
    }

    /** The (axis, value) pairs a cell shows, each encoded in a long; a single value pairs with itself. */
    private static List<Long> pairs(Design design, List<Integer> axes, int cell) {
        List<Long> out = new ArrayList<>();
        int[] at = design.at()[cell];
        for (int i = 0; i < axes.size(); i++) {
            int a = axes.get(i);
            for (int j = i; j < axes.size(); j++) {
                int b = axes.get(j);
                out.add(((long) a << 48) | ((long) at[a] << 32) | ((long) b << 16) | at[b]);
            }
        }
        return out;
    }
}
