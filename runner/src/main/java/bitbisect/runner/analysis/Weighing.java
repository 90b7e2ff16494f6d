package bitbisect.runner.analysis;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How fitted hypotheses become support: exp(score) normalised over distinct sets of guilty
 * cells, each set standing with its best wording ({@link Hypotheses} says how scores are made).
 */
final class Weighing {

    /** A distinct set of guilty cells with its best wording, the support it has, and its runner-up exposure. */
    record Weighed(Hypothesis best, double support) {
    }

    private Weighing() {
    }

    /** Every distinct set of guilty cells, most supported first. */
    static List<Weighed> weigh(List<Hypothesis> all, Evidence evidence) {
        record Key(BitSet first, BitSet second, boolean background) {
        }
        Map<Key, List<Hypothesis>> groups = new HashMap<>();
        for (Hypothesis h : all) {
            BitSet a = h.firstCells();
            BitSet b = h.secondCells();
            boolean swap = !b.isEmpty() && compareAsText(a, b) > 0;
            groups.computeIfAbsent(new Key(swap ? b : a, swap ? a : b, h.background()), k -> new ArrayList<>()).add(h);
        }
        double max = all.stream().mapToDouble(Hypothesis::score).max().orElse(0);
        List<Weighed> out = new ArrayList<>();
        double z = 0;
        for (List<Hypothesis> g : groups.values()) {
            // Sum over the exposures; within one exposure, the best wording stands for the set. An
            // EnumMap sums them in one order: a HashMap's follows the enum's identity hash, which
            // changes from one JVM to the next, and so did the last digit of a support.
            Map<Findings.Exposure, Double> bestByExposure = new EnumMap<>(Findings.Exposure.class);
            g.forEach(h -> bestByExposure.merge(h.exposure(), h.score(), Math::max));
            double weight = bestByExposure.values().stream().mapToDouble(s -> Math.exp(s - max)).sum();
            Hypothesis best = g.stream().min(Comparator.comparingDouble((Hypothesis h) -> -h.score())
                    .thenComparingInt(Hypothesis::conditions)
                    .thenComparingInt(h -> evidence.preference(h.first()) + evidence.preference(h.second()))).orElseThrow();
            out.add(new Weighed(best, weight));
            z += weight;
        }
        double norm = z;
        return out.stream().map(w -> new Weighed(w.best(), w.support() / norm))
                .sorted(Comparator.comparingDouble((Weighed w) -> -w.support())).toList();
    }

    /**
     * The sign of {@code a.toString().compareTo(b.toString())} ("{1, 5}" against "{10}"), without
     * writing out sets of thousands of cells: the order that puts a pair of cell sets first-second
     * the same way whichever cause is named first.
     */
    static int compareAsText(BitSet a, BitSet b) {
        int i = a.nextSetBit(0);
        int j = b.nextSetBit(0);
        while (i >= 0 && j >= 0 && i == j) {
            i = a.nextSetBit(i + 1);
            j = b.nextSetBit(j + 1);
        }
        if (i < 0 || j < 0) { // where one set ends, its '}' sorts after the other's ',' or digit
            return i < 0 && j < 0 ? 0 : i < 0 ? 1 : -1;
        }
        String x = Integer.toString(i);
        String y = Integer.toString(j);
        int common = Math.min(x.length(), y.length());
        for (int c = 0; c < common; c++) {
            if (x.charAt(c) != y.charAt(c)) {
                return x.charAt(c) - y.charAt(c);
            }
        }
        // one number is the other's beginning ("1" and "10"): after the shorter comes ',' or '}'
        char afterX = x.length() > common ? x.charAt(common) : a.nextSetBit(i + 1) >= 0 ? ',' : '}';
        char afterY = y.length() > common ? y.charAt(common) : b.nextSetBit(j + 1) >= 0 ? ',' : '}';
        return afterX - afterY;
    }

    /** The support of each exposure, summed over every hypothesis. */
    static Map<Findings.Exposure, Double> exposureSupport(List<Hypothesis> all) {
        double max = all.stream().mapToDouble(Hypothesis::score).max().orElse(0);
        Map<Findings.Exposure, Double> sums = new EnumMap<>(Findings.Exposure.class);
        all.forEach(h -> sums.merge(h.exposure(), Math.exp(h.score() - max), Double::sum));
        double z = sums.values().stream().mapToDouble(Double::doubleValue).sum();
        sums.replaceAll((e, v) -> v / z);
        return sums;
    }
}
