package bitbisect.runner.report;

import bitbisect.runner.report.Evidence.Rule;
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
    List<Findings.AxisFinding> of(List<Rule> explanation, List<Findings.Condition> conditions) {
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
            Role role = role(a, explanation, conditions, nIn, kIn);
            out.add(new Findings.AxisFinding(axis.name(), valueFindings, test.name(), test.p(), test.note(),
                    role.part(), role.text()));
        }
        return out;
    }

    /** An axis's part, and the words for it. */
    private record Role(Findings.Part part, String text) {
    }

    private Role role(int a, List<Rule> explanation, List<Findings.Condition> conditions, long[] nIn, long[] kIn) {
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
        Stats.Test inside = Stats.independence(kIn, nIn);
        return inside.significant()
                ? new Role(Findings.Part.CHANGES_RATE, String.format(Locale.ROOT,
                        "changes the rate inside the explanation (%s p=%s)", inside.name(), Text.p(inside.p())))
                : new Role(Findings.Part.NO_DIFFERENCE, "makes no difference");
    }
}
