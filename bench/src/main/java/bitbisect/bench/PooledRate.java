package bitbisect.bench;

import bitbisect.runner.analysis.Design;
import bitbisect.runner.analysis.Stats;
import bitbisect.runner.analysis.Subsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attribution method that the likelihood model replaced, kept here so the accuracy benchmark
 * measures both in the same run. It pools one corrupt-iteration rate over the cells inside a
 * conjunction and calls a clean cell convincing when its iterations alone rule that rate out at
 * 95%; an explanation is the smallest set of axes (each restricted to the corrupt cells' values)
 * with no convincing clean cell inside, every condition needed and none missing. It returns the
 * guilty cells it names, or null when it would not name one (no exact conjunction, or several).
 */
final class PooledRate {

    private final Design design;
    private final BitSet corrupt;
    private final BitSet clean;

    PooledRate(Design design) {
        this.design = design;
        this.corrupt = design.corruptCells();
        this.clean = design.cleanCells();
    }

    /** The cells of the one explanation it would report as explained, or null. */
    BitSet explained() {
        if (corrupt.isEmpty()) {
            return null;
        }
        List<Integer> candidates = new ArrayList<>();
        BitSet[] picks = new BitSet[design.axes().size()];
        for (int a = 0; a < design.axes().size(); a++) {
            BitSet bound = design.valuesOf(a, corrupt);
            if (!design.axes().get(a).constant() && bound.cardinality() < design.axes().get(a).values().size()) {
                candidates.add(a);
                picks[a] = design.where(a, bound);
            }
        }
        BitSet box = intersection(candidates, picks, -1);
        BitSet contradicting = convincing(rate(box));
        contradicting.and(box);
        if (!contradicting.isEmpty() || candidates.size() > 14) {
            return null;
        }
        for (int size = 0; size <= candidates.size(); size++) {
            Map<BitSet, Boolean> found = new LinkedHashMap<>();
            Subsets.forEach(candidates.size(), size, subset -> {
                List<Integer> used = new ArrayList<>();
                for (int i : subset) {
                    used.add(candidates.get(i));
                }
                if (valid(used, candidates, picks)) {
                    found.put(intersection(used, picks, -1), true);
                }
            });
            if (found.size() == 1) {
                return found.keySet().iterator().next();
            }
            if (found.size() > 1) {
                return null; // ambiguous
            }
        }
        // None valid: drop the condition with the least evidence behind it while one lacks enough.
        List<Integer> used = new ArrayList<>(candidates);
        while (!used.isEmpty()) {
            double p = rate(intersection(used, picks, -1));
            Integer weakest = used.stream().min(Comparator.comparingLong(a -> neighbours(used, picks, a))).orElseThrow();
            if (Stats.rulesOut(neighbours(used, picks, weakest), p)) {
                break;
            }
            used.remove(weakest);
        }
        return intersection(used, picks, -1);
    }

    private long neighbours(List<Integer> used, BitSet[] picks, int axis) {
        BitSet others = intersection(used, picks, axis);
        others.andNot(picks[axis]);
        return design.iterations(others);
    }

    private boolean valid(List<Integer> used, List<Integer> candidates, BitSet[] picks) {
        BitSet in = intersection(used, picks, -1);
        double p = rate(in);
        BitSet inside = convincing(p);
        inside.and(in);
        if (!inside.isEmpty()) {
            return false;
        }
        for (int a : used) {
            BitSet others = intersection(used, picks, a);
            others.andNot(picks[a]);
            if (!Stats.rulesOut(design.iterations(others), p)) {
                return false;
            }
        }
        for (int b : candidates) {
            if (!used.contains(b)) {
                BitSet narrower = (BitSet) in.clone();
                narrower.and(picks[b]);
                BitSet cut = (BitSet) in.clone();
                cut.andNot(picks[b]);
                if (Stats.rulesOut(design.iterations(cut), rate(narrower))) {
                    return false;
                }
            }
        }
        return true;
    }

    private double rate(BitSet cells) {
        long n = design.iterations(cells);
        return n == 0 ? 0 : (double) design.corruptIterations(cells) / n;
    }

    private BitSet convincing(double rate) {
        BitSet s = new BitSet();
        clean.stream().filter(c -> Stats.rulesOut(design.n()[c], rate)).forEach(s::set);
        return s;
    }

    private BitSet intersection(List<Integer> used, BitSet[] picks, int except) {
        BitSet s = new BitSet();
        s.set(0, design.cells());
        for (int a : used) {
            if (a != except) {
                s.and(picks[a]);
            }
        }
        return s;
    }
}
