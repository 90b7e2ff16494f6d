package bitbisect.runner.analysis;

import bitbisect.runner.matrix.FixedAxis;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence of a design as the analysis reads it: which cells are corrupt, which clean (with
 * finished iterations, none corrupt; hung, failed and unreachable runs never count), and the
 * measures over any set of cells. Every part of the analysis (search, axis parts, confounding,
 * reruns) reads the same instance, which remembers the cells of each conjunction it was asked
 * for: the search asks for the same ones many times over (10,000 cells: seconds).
 */
final class Evidence {

    /** A condition: axis {@code axis} takes one of {@code values}. */
    record Rule(int axis, BitSet values) {
    }

    private final Design design;
    private final BitSet corrupt;
    private final BitSet clean;
    private final Map<List<Rule>, BitSet> inside = new HashMap<>();

    private Evidence(Design design) {
        this.design = design;
        this.corrupt = design.corruptCells();
        this.clean = design.cleanCells();
    }

    static Evidence of(Design design) {
        return new Evidence(design);
    }

    Design design() {
        return design;
    }

    List<Design.Axis> axes() {
        return design.axes();
    }

    BitSet corrupt() {
        return corrupt;
    }

    BitSet clean() {
        return clean;
    }

    /** Every cell of the design. */
    BitSet all() {
        BitSet s = new BitSet();
        s.set(0, design.cells());
        return s;
    }

    /** The cells where every rule holds (a copy: the caller may change it). */
    BitSet inside(List<Rule> rules) {
        BitSet cells = inside.get(rules);
        if (cells == null) {
            cells = new BitSet();
            cells.set(0, design.cells());
            for (Rule r : rules) {
                cells.and(design.where(r.axis(), r.values()));
            }
            // the key holds copies: a caller changing its sets afterwards must not change the key
            inside.put(rules.stream().map(r -> new Rule(r.axis(), (BitSet) r.values().clone())).toList(), cells);
        }
        return (BitSet) cells.clone();
    }

    /** A set of cells as the findings show it: counts, rate with exact 95% interval. */
    Findings.Group group(BitSet cells) {
        long n = design.iterations(cells);
        long k = design.corruptIterations(cells);
        Stats.Rate r = Stats.rate(k, n);
        BitSet c = (BitSet) cells.clone();
        c.and(corrupt);
        BitSet k0 = (BitSet) cells.clone();
        k0.and(clean);
        return new Findings.Group(cells.cardinality(), c.cardinality(), k0.cardinality(),
                cells.cardinality() - c.cardinality() - k0.cardinality(), n, k, r.value(), r.low(), r.high(),
                k == 0 ? Stats.upperBoundWithNone(n) : r.high());
    }

    List<String> names(Rule r) {
        return r.values().stream().mapToObj(v -> axes().get(r.axis()).values().get(v)).toList();
    }

    List<String> ids(BitSet cells) {
        return cells.stream().mapToObj(c -> design.cellIds().get(c)).toList();
    }

    static double fisher(Findings.Group a, Findings.Group b) {
        return Stats.fisher(a.corruptIterations(), a.iterations() - a.corruptIterations(), b.corruptIterations(),
                b.iterations() - b.corruptIterations());
    }

    /**
     * Lower is preferred when several wordings pick the same cells: host labels (model, kernel)
     * name a cause better than the fixed axes, and those better than a host name.
     */
    int preference(List<Rule> rules) {
        int score = 0;
        for (Rule r : rules) {
            String name = axes().get(r.axis()).name();
            score += FixedAxis.of(name).map(a -> a == FixedAxis.HOST ? 100 : 10).orElse(1);
        }
        return score;
    }
}
