package bitbisect.runner.analysis;

import bitbisect.runner.analysis.Evidence.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/** Each axis's evidence per value, its test of independence, and its part in the explanation. */
final class AxisParts {

    private final Evidence evidence;
    private final Design design;
    private final List<Design.Axis> axes;
    private final BitSet corrupt;

    AxisParts(Evidence evidence) {
        this.evidence = evidence;
        this.design = evidence.design();
        this.axes = evidence.axes();
        this.corrupt = evidence.corrupt();
    }

    /**
     * Per axis: every value's evidence and a test of independence over the whole matrix, and the
     * axis's part: in the explanation, the same cells as one of its conditions, making no
     * difference inside it (tested there), or changing the rate inside it.
     */
    List<Findings.AxisFinding> of(List<Rule> explanation, List<Findings.Condition> conditions,
                                  Findings.Exposure exposure) {
        BitSet in = explanation == null ? null : evidence.inside(explanation);
        List<Findings.AxisFinding> out = new ArrayList<>();
        for (int a = 0; a < axes.size(); a++) {
            Design.Axis axis = axes.get(a);
            int values = axis.values().size();
            long[] n = new long[values];
            long[] k = new long[values];
            long[] nIn = new long[values];
            long[] kIn = new long[values];
            int[] cells = new int[values];
            long[] inconclusiveRuns = new long[values];
            long[] words = new long[values];
            long[] corruptWords = new long[values];
            for (int c = 0; c < design.cells(); c++) {
                int v = design.at()[c][a];
                cells[v]++;
                words[v] += design.n()[c] * design.words()[c];
                corruptWords[v] += design.corruptWords()[c];
                inconclusiveRuns[v] += design.inconclusiveRuns()[c];
                n[v] += design.n()[c];
                k[v] += design.k()[c];
                if (in != null && in.get(c)) {
                    nIn[v] += design.n()[c];
                    kIn[v] += design.k()[c];
                }
            }
            List<Findings.ValueFinding> valueFindings = new ArrayList<>();
            for (int v = 0; v < values; v++) {
                Stats.Rate r = Stats.rate(k[v], n[v]);
                double gib = words[v] * 8.0 / (1L << 30);
                Stats.PoissonRate perGib = Stats.poisson(corruptWords[v], gib);
                valueFindings.add(new Findings.ValueFinding(axis.values().get(v), cells[v], n[v], k[v], r.value(),
                        r.low(), r.high(), inconclusiveRuns[v], corruptWords[v], gib, perGib.value(), perGib.low(),
                        perGib.high()));
            }
            Stats.Test test = Stats.independence(k, n);
            Role role = role(a, explanation, conditions, nIn, kIn, in, exposure);
            out.add(new Findings.AxisFinding(axis.name(), valueFindings, test.name(), test.p(), test.note(),
                    role.part(), role.text()));
        }
        return out;
    }

    /**
     * With a fault per word verified, whether the axis changes the rate per word inside the
     * explanation: a likelihood-ratio test of one rate per value against one rate for all, under
     * the per-word model (chi-square, values - 1 degrees of freedom). Size then makes no
     * difference when it only changes how often an iteration is hit.
     */
    private Role perWord(int a, BitSet in) {
        int values = axes.get(a).values().size();
        Likelihood.Counts all = new Likelihood.Counts();
        Likelihood.Counts[] byValue = new Likelihood.Counts[values];
        for (int v = 0; v < values; v++) {
            byValue[v] = new Likelihood.Counts();
        }
        for (int c = in.nextSetBit(0); c >= 0; c = in.nextSetBit(c + 1)) {
            all.add(design.words()[c], design.n()[c], design.k()[c]);
            byValue[design.at()[c][a]].add(design.words()[c], design.n()[c], design.k()[c]);
        }
        double separate = 0;
        int used = 0;
        for (Likelihood.Counts counts : byValue) {
            if (counts.iterations > 0) {
                separate += Likelihood.fit(counts, Findings.Exposure.PER_WORD).logL();
                used++;
            }
        }
        double statistic = Math.max(0, 2 * (separate - Likelihood.fit(all, Findings.Exposure.PER_WORD).logL()));
        double p = 1 - new org.apache.commons.math3.distribution.ChiSquaredDistribution(null, used - 1)
                .cumulativeProbability(statistic);
        return p < 1 - Stats.CONFIDENCE
                ? new Role(Findings.Part.CHANGES_RATE, String.format(Locale.ROOT,
                        "changes the rate per word inside the explanation (likelihood ratio p=%s)", Text.p(p)))
                : new Role(Findings.Part.NO_DIFFERENCE, "makes no difference");
    }

    /** An axis's part, and the words for it. */
    private record Role(Findings.Part part, String text) {
    }

    private Role role(int a, List<Rule> explanation, List<Findings.Condition> conditions, long[] nIn, long[] kIn,
                      BitSet in, Findings.Exposure exposure) {
        String name = axes.get(a).name();
        if (axes.get(a).constant()) {
            return new Role(Findings.Part.ONE_VALUE, "one value in this matrix");
        }
        if (explanation == null) {
            return corrupt.isEmpty() ? new Role(Findings.Part.NO_CORRUPTION, "no corruption at any value")
                    : new Role(Findings.Part.NONE, "");
        }
        for (Findings.Condition c : conditions) {
            if (c.axis().equals(name)) {
                return new Role(Findings.Part.IN_EXPLANATION, "in the explanation");
            }
            for (String same : c.sameCellsAs()) {
                if (same.startsWith(name + "=") || same.startsWith(name + " ")) {
                    return new Role(Findings.Part.SAME_CELLS, "same cells as " + c.text() + " (" + same + ")");
                }
            }
        }
        long varied = java.util.Arrays.stream(nIn).filter(x -> x > 0).count();
        if (varied < 2) {
            return new Role(Findings.Part.NOT_VARIED, "not varied inside the explanation");
        }
        if (exposure == Findings.Exposure.PER_WORD) {
            return perWord(a, in);
        }
        Stats.Test inside = Stats.independence(kIn, nIn);
        return inside.significant()
                ? new Role(Findings.Part.CHANGES_RATE, String.format(Locale.ROOT,
                        "changes the rate inside the explanation (%s p=%s)", inside.name(), Text.p(inside.p())))
                : new Role(Findings.Part.NO_DIFFERENCE, "makes no difference");
    }
}
