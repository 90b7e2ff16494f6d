package bitbisect.runner.analysis;

import bitbisect.runner.analysis.Evidence.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * The explanations the analysis weighs, and the support the evidence gives each
 * (docs/report.md, "Weighing explanations"). Three families:
 * <ul>
 *   <li><b>one cause</b>: a conjunction of conditions holding for every corrupt cell, with its own
 *       rate inside and none outside. For each subset of the axes that narrow the corrupt cells
 *       down, each restricted to the values the corrupt cells have;</li>
 *   <li><b>a cause and a background</b>: one or two single conditions (a value, all values but
 *       one, a threshold on an ordered axis) with a rate inside and a smaller one outside;</li>
 *   <li><b>two causes</b>: two such conjunctions, each with its own rate, together holding for
 *       every corrupt cell, none outside.</li>
 * </ul>
 * Each is fitted under both exposures (per word verified, per iteration). Its score is the
 * log-likelihood at the fitted rates less a cost for each condition (log of the number of
 * single conditions there were to choose from) and each rate (half the log of the iterations,
 * as BIC), so a narrower explanation wins only when the evidence pays for its extra condition.
 * Support is the score's share, exp(score) normalised, over distinct sets of guilty cells: the
 * wordings of one set (kernel=5.1, host=labh2) are the same explanation in this matrix.
 */
final class Hypotheses {

    private static final int MAX_BOX_SUBSETS = 4096;
    private static final int TWO_CAUSE_CANDIDATES = 40;
    private static final int REFINED_PAIRS = 5;
    private static final int REFINE_ROUNDS = 3;

    private final Evidence evidence;
    private final Design design;
    private final BitSet corrupt;
    private final double conditionCost;
    private final double rateCost;
    private final Likelihood.Counts total;
    private final List<Hypothesis> all = new ArrayList<>();

    Hypotheses(Evidence evidence) {
        this.evidence = evidence;
        this.design = evidence.design();
        this.corrupt = evidence.corrupt();
        this.total = Likelihood.Counts.of(design, evidence.all());
        List<Rule> pieces = pieces();
        this.conditionCost = Math.log(Math.max(2, pieces.size()));
        this.rateCost = 0.5 * Math.log(Math.max(2, total.iterations));
        oneCause();
        List<Hypothesis> withBackground = causeAndBackground(pieces);
        twoCauses(withBackground);
    }

    /** Keeps a fitted hypothesis; an impossible fit (a corrupt iteration where its rate is zero) weighs nothing. */
    private boolean consider(Hypothesis h) {
        boolean possible = !Double.isNaN(h.score()) && h.score() != Double.NEGATIVE_INFINITY;
        return possible && all.add(h);
    }

    /** Every hypothesis fitted that is possible, in the order tried. */
    List<Hypothesis> all() {
        return all;
    }

    // ---- one cause

    private void oneCause() {
        List<Integer> candidates = new ArrayList<>();
        BitSet[] bound = new BitSet[design.axes().size()];
        for (int a = 0; a < design.axes().size(); a++) {
            bound[a] = design.valuesOf(a, corrupt);
            if (!design.axes().get(a).constant() && bound[a].cardinality() < design.axes().get(a).values().size()) {
                candidates.add(a);
            }
        }
        int largest = candidates.size();
        while (largest > 1 && subsets(candidates.size(), largest) > MAX_BOX_SUBSETS) {
            largest--;
        }
        for (int size = 0; size <= largest; size++) {
            Subsets.forEach(candidates.size(), size, subset -> {
                List<Rule> rules = new ArrayList<>();
                for (int i : subset) {
                    rules.add(new Rule(candidates.get(i), bound[candidates.get(i)]));
                }
                addOneCause(rules);
            });
        }
    }

    private void addOneCause(List<Rule> rules) {
        BitSet cells = evidence.inside(rules);
        Likelihood.Counts in = Likelihood.Counts.of(design, cells);
        for (Findings.Exposure e : Findings.Exposure.values()) {
            Likelihood.Fit fit = Likelihood.fit(in, e);
            double score = fit.logL() - rules.size() * conditionCost - rateCost;
            consider(new Hypothesis(rules, List.of(), false, e, cells, new BitSet(), fit.rate(), 0, 0, fit.logL(), score));
        }
    }

    private static long subsets(int n, int upTo) {
        long sum = 0;
        long c = 1;
        for (int k = 0; k <= upTo; k++) {
            sum += c;
            c = c * (n - k) / (k + 1);
        }
        return sum;
    }

    // ---- a cause and a background

    /** Single conditions: one value, all values but one, a threshold on an ordered axis. */
    private List<Rule> pieces() {
        List<Rule> pieces = new ArrayList<>();
        for (int a = 0; a < design.axes().size(); a++) {
            Design.Axis axis = design.axes().get(a);
            int values = axis.values().size();
            if (axis.constant()) {
                continue;
            }
            for (int v = 0; v < values; v++) {
                BitSet one = new BitSet();
                one.set(v);
                pieces.add(new Rule(a, one));
                if (values > 2 && values <= 8) {
                    BitSet allBut = new BitSet();
                    allBut.set(0, values);
                    allBut.clear(v);
                    pieces.add(new Rule(a, allBut));
                }
                if (axis.ordered() && axis.rank()[v] > 0 && axis.rank()[v] < values - 1) {
                    BitSet atLeast = new BitSet();
                    BitSet atMost = new BitSet();
                    for (int w = 0; w < values; w++) {
                        atLeast.set(w, axis.rank()[w] >= axis.rank()[v]);
                        atMost.set(w, axis.rank()[w] <= axis.rank()[v]);
                    }
                    pieces.add(new Rule(a, atLeast));
                    pieces.add(new Rule(a, atMost));
                }
            }
        }
        return pieces;
    }

    /** Conjunctions of one or two pieces with corruption inside; returned for the two-cause family. */
    private List<Hypothesis> causeAndBackground(List<Rule> pieces) {
        BitSet[] picks = pieces.stream().map(r -> design.where(r.axis(), r.values())).toArray(BitSet[]::new);
        List<Hypothesis> found = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            addWithBackground(List.of(pieces.get(i)), picks[i], found);
            for (int j = i + 1; j < pieces.size(); j++) {
                if (pieces.get(i).axis() != pieces.get(j).axis()) {
                    BitSet cells = (BitSet) picks[i].clone();
                    cells.and(picks[j]);
                    addWithBackground(List.of(pieces.get(i), pieces.get(j)), cells, found);
                }
            }
        }
        return found;
    }

    private void addWithBackground(List<Rule> rules, BitSet cells, List<Hypothesis> found) {
        if (!cells.intersects(corrupt)) {
            return;
        }
        Likelihood.Counts in = Likelihood.Counts.of(design, cells);
        Likelihood.Counts out = minus(total, in);
        for (Findings.Exposure e : Findings.Exposure.values()) {
            Likelihood.Fit inside = Likelihood.fit(in, e);
            Likelihood.Fit outside = Likelihood.fit(out, e);
            boolean background = out.corrupt > 0;
            if (background && outside.rate() >= inside.rate()) {
                continue; // "more corruption outside than in" names no cause
            }
            double logL = inside.logL() + outside.logL();
            double score = logL - rules.size() * conditionCost - (background ? 2 : 1) * rateCost;
            Hypothesis h = new Hypothesis(rules, List.of(), background, e, cells, new BitSet(), inside.rate(), 0,
                    outside.rate(), logL, score);
            if (consider(h)) {
                found.add(h);
            }
        }
    }

    private static Likelihood.Counts minus(Likelihood.Counts a, Likelihood.Counts b) {
        Likelihood.Counts c = new Likelihood.Counts();
        a.byWords.forEach((w, nk) -> {
            long[] sub = b.byWords.getOrDefault(w, new long[2]);
            c.add(w, nk[0] - sub[0], nk[1] - sub[1]);
        });
        return c;
    }

    // ---- two causes

    /**
     * Pairs of causes that together hold for every corrupt cell: among the best single
     * conditions and pairs of them and the tightest conjunctions around the corrupt cells that
     * share an axis value, and each of those with the tightest conjunction around the corrupt
     * cells it leaves out (and that conjunction less one condition).
     */
    private void twoCauses(List<Hypothesis> singles) {
        List<List<Rule>> causes = new ArrayList<>();
        singles.stream().filter(h -> h.exposure() == Findings.Exposure.PER_WORD)
                .sorted(Comparator.comparingDouble(h -> -h.score())).limit(TWO_CAUSE_CANDIDATES)
                .forEach(h -> causes.add(h.first()));
        // The tightest conjunction around the corrupt cells that share one axis value: two
        // causes often part along some axis.
        for (int a = 0; a < design.axes().size(); a++) {
            for (int v = 0; v < design.axes().get(a).values().size(); v++) {
                BitSet one = new BitSet();
                one.set(v);
                BitSet part = design.where(a, one);
                part.and(corrupt);
                if (!part.isEmpty() && !part.equals(corrupt)) {
                    causes.add(box(part));
                }
            }
        }
        java.util.Set<List<Rule>> tried = new java.util.HashSet<>();
        for (int i = 0; i < causes.size(); i++) {
            for (int j = i + 1; j < causes.size(); j++) {
                addTwoCauses(causes.get(i), causes.get(j), tried);
            }
            BitSet left = (BitSet) corrupt.clone();
            left.andNot(evidence.inside(causes.get(i)));
            if (!left.isEmpty()) {
                List<Rule> box = box(left);
                addTwoCauses(causes.get(i), box, tried);
                for (Rule drop : box) {
                    addTwoCauses(causes.get(i), box.stream().filter(r -> r != drop).toList(), tried);
                }
            }
        }
        refineTwoCauses(tried);
    }

    /**
     * The neighbours of the leading pairs, a few rounds over: each cause with a condition more
     * (the values its own corrupt cells have on an axis) or one fewer. The candidates above are
     * guesses; without this a pair next to the truth could take all the support only because the
     * truth, one condition away, was never weighed.
     */
    private void refineTwoCauses(java.util.Set<List<Rule>> tried) {
        for (int round = 0; round < REFINE_ROUNDS; round++) {
            List<Hypothesis> leaders = all.stream().filter(Hypothesis::twoCauses)
                    .sorted(Comparator.comparingDouble(h -> -h.score())).limit(REFINED_PAIRS).toList();
            int before = all.size();
            for (Hypothesis h : leaders) {
                for (List<Rule> first : neighbours(h.first(), h.second())) {
                    addTwoCauses(first, h.second(), tried);
                }
                for (List<Rule> second : neighbours(h.second(), h.first())) {
                    addTwoCauses(h.first(), second, tried);
                }
            }
            if (all.size() == before) {
                return;
            }
        }
    }

    /** {@code cause} with one condition fewer, or narrowed on one axis to the values of the corrupt cells only it holds for. */
    private List<List<Rule>> neighbours(List<Rule> cause, List<Rule> other) {
        List<List<Rule>> out = new ArrayList<>();
        for (Rule drop : cause) {
            out.add(cause.stream().filter(r -> r != drop).toList());
        }
        BitSet own = (BitSet) corrupt.clone();
        own.and(evidence.inside(cause));
        own.andNot(evidence.inside(other));
        for (int a = 0; a < design.axes().size(); a++) {
            if (design.axes().get(a).constant()) {
                continue;
            }
            int axis = a;
            BitSet values = design.valuesOf(a, own);
            BitSet now = cause.stream().filter(r -> r.axis() == axis).map(Rule::values).findFirst().orElse(null);
            if (values.cardinality() < design.axes().get(a).values().size() && !values.equals(now)) {
                List<Rule> narrower = new ArrayList<>(cause.stream().filter(r -> r.axis() != axis).toList());
                narrower.add(new Rule(a, values));
                narrower.sort(Comparator.comparingInt(Rule::axis));
                out.add(narrower);
            }
        }
        return out;
    }


    /**
     * The tightest conjunction around {@code cells}: each axis they do not span, restricted to
     * their values, less the conditions the others already imply (a host's labels, once the host
     * is named), so that it costs no more conditions than the cells it picks need.
     */
    private List<Rule> box(BitSet cells) {
        List<Rule> rules = new ArrayList<>();
        for (int a = 0; a < design.axes().size(); a++) {
            BitSet values = design.valuesOf(a, cells);
            if (values.cardinality() < design.axes().get(a).values().size()) {
                rules.add(new Rule(a, values));
            }
        }
        BitSet picked = evidence.inside(rules);
        // Drop the least preferred wording first: a host name before a fixed axis before a label.
        List<Rule> order = new ArrayList<>(rules);
        order.sort(Comparator.comparingInt((Rule r) -> -evidence.preference(List.of(r))));
        for (Rule r : order) {
            List<Rule> without = rules.stream().filter(o -> o != r).toList();
            if (evidence.inside(without).equals(picked)) {
                rules = new ArrayList<>(without);
            }
        }
        return rules;
    }

    private void addTwoCauses(List<Rule> first, List<Rule> second, java.util.Set<List<Rule>> tried) {
        List<Rule> key = new ArrayList<>(first);
        key.add(null);
        key.addAll(second);
        if (!tried.add(key)) {
            return;
        }
        BitSet a = evidence.inside(first);
        BitSet b = evidence.inside(second);
        BitSet union = (BitSet) a.clone();
        union.or(b);
        BitSet missed = (BitSet) corrupt.clone();
        missed.andNot(union);
        if (!missed.isEmpty() || a.equals(b)) {
            return;
        }
        BitSet onlyA = (BitSet) a.clone();
        onlyA.andNot(b);
        BitSet onlyB = (BitSet) b.clone();
        onlyB.andNot(a);
        if (!onlyA.intersects(corrupt) || !onlyB.intersects(corrupt)) {
            return; // one of them adds nothing: a one-cause explanation covers it
        }
        BitSet both = (BitSet) a.clone();
        both.and(b);
        Likelihood.Counts ca = Likelihood.Counts.of(design, onlyA);
        Likelihood.Counts cb = Likelihood.Counts.of(design, onlyB);
        Likelihood.Counts cboth = Likelihood.Counts.of(design, both);
        for (Findings.Exposure e : Findings.Exposure.values()) {
            double[] fit = Likelihood.fitTwo(ca, cb, cboth, e);
            double score = fit[2] - (first.size() + second.size()) * conditionCost - 2 * rateCost;
            consider(new Hypothesis(first, second, false, e, a, b, fit[0], fit[1], 0, fit[2], score));
        }
    }
}
