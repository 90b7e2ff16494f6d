package bitbisect.runner.report;

import bitbisect.runner.report.Evidence.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search for conjunctions of conditions that explain the corrupt cells: the smallest exact
 * ones (docs/report.md, "The explanation"), or, when none is, the best approximate ones.
 */
final class Search {

    /** Approximate explanations tried up to this many conditions. */
    private static final int MAX_APPROXIMATE_CONDITIONS = 3;

    private static final int SHOWN_ALTERNATIVES = 3;

    /** Enumerating every subset of more candidate axes than this would be slow; then conditions are dropped one by one. */
    private static final int MAX_ENUMERATED_AXES = 14;

    private final Evidence evidence;
    private final Design design;
    private final List<Design.Axis> axes;
    private final BitSet corrupt;
    private final BitSet clean;

    Search(Evidence evidence) {
        this.evidence = evidence;
        this.design = evidence.design();
        this.axes = evidence.axes();
        this.corrupt = evidence.corrupt();
        this.clean = evidence.clean();
    }

    /** What the search found: exact explanations (empty when none is), and the ones chosen to report. */
    record Result(List<List<Rule>> exact, List<List<Rule>> chosen) {
    }

    Result run() {
        BitSet[] bound = new BitSet[axes.size()];
        List<Integer> candidates = new ArrayList<>();
        for (int a = 0; a < axes.size(); a++) {
            bound[a] = design.valuesOf(a, corrupt);
            if (!axes.get(a).constant() && bound[a].cardinality() < axes.get(a).values().size()) {
                candidates.add(a);
            }
        }
        // The tightest box around the corrupt cells: if a clean cell inside it rules out the
        // rate seen there, no conjunction of these axes explains the corruption exactly.
        List<Rule> box = rules(candidates, bound);
        double boxRate = evidence.rate(evidence.inside(box));
        BitSet contradicting = evidence.convincing(boxRate);
        contradicting.and(evidence.inside(box));
        List<List<Rule>> exact = contradicting.isEmpty() ? smallestExact(candidates, bound) : List.of();
        List<List<Rule>> chosen = exact.isEmpty() ? bestApproximate(evidence.convincing(boxRate)) : exact;
        return new Result(exact, chosen);
    }

    private List<Rule> rules(List<Integer> axesUsed, BitSet[] bound) {
        return axesUsed.stream().map(a -> new Rule(a, bound[a])).toList();
    }

    /**
     * Every smallest valid set of conditions, one per distinct set of cells picked (the preferred
     * wording first). A set is valid when, at the rate p inside it: every condition is needed
     * (the cells that meet all the others but not it have, together, enough clean iterations to
     * rule out p), no further condition is (the cells inside that another condition would cut
     * off do not rule out the rate inside the narrower set), and no clean cell inside rules out p
     * on its own. Evidence is pooled over cells, so many short clean cells count together.
     */
    private List<List<Rule>> smallestExact(List<Integer> candidates, BitSet[] bound) {
        BitSet[] picks = new BitSet[axes.size()];
        for (int a : candidates) {
            picks[a] = design.where(a, bound[a]);
        }
        if (candidates.size() > MAX_ENUMERATED_AXES) {
            return List.of(backwardElimination(candidates, bound, picks));
        }
        for (int size = 0; size <= candidates.size(); size++) {
            Map<BitSet, List<Rule>> bySelection = new LinkedHashMap<>();
            Evidence.forEachSubset(candidates.size(), size, subset -> {
                List<Integer> used = new ArrayList<>();
                for (int i : subset) {
                    used.add(candidates.get(i));
                }
                if (valid(used, candidates, picks)) {
                    List<Rule> rules = rules(used, bound);
                    bySelection.merge(evidence.inside(rules), rules, (x, y) -> evidence.preference(x) <= evidence.preference(y) ? x : y);
                }
            });
            if (!bySelection.isEmpty()) {
                List<List<Rule>> found = new ArrayList<>(bySelection.values());
                found.sort(Comparator.comparingInt(evidence::preference));
                return found;
            }
        }
        return List.of(backwardElimination(candidates, bound, picks));
    }

    private boolean valid(List<Integer> used, List<Integer> candidates, BitSet[] picks) {
        BitSet in = intersection(used, picks, -1);
        double p = evidence.rate(in);
        BitSet convincingInside = evidence.convincing(p);
        convincingInside.and(in);
        if (!convincingInside.isEmpty()) {
            return false;
        }
        for (int a : used) {
            if (!Stats.rulesOut(neighbourIterations(used, picks, a), p)) {
                return false;
            }
        }
        for (int b : candidates) {
            if (!used.contains(b)) {
                BitSet narrower = (BitSet) in.clone();
                narrower.and(picks[b]);
                BitSet cut = (BitSet) in.clone();
                cut.andNot(picks[b]);
                if (Stats.rulesOut(design.iterations(cut), evidence.rate(narrower))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Cells meeting every condition of {@code used} but {@code axis}, and not that one: their iterations. */
    private long neighbourIterations(List<Integer> used, BitSet[] picks, int axis) {
        BitSet others = intersection(used, picks, axis);
        others.andNot(picks[axis]);
        return design.iterations(others);
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

    /** From the tightest box, drops the condition with the least evidence behind it while one lacks enough. */
    private List<Rule> backwardElimination(List<Integer> candidates, BitSet[] bound, BitSet[] picks) {
        List<Integer> used = new ArrayList<>(candidates);
        while (!used.isEmpty()) {
            double p = evidence.rate(intersection(used, picks, -1));
            Integer weakest = used.stream().min(Comparator.<Integer>comparingLong(a -> neighbourIterations(used, picks, a))
                    .thenComparing(a -> -evidence.preference(List.of(new Rule(a, bound[a]))))).orElseThrow();
            if (Stats.rulesOut(neighbourIterations(used, picks, weakest), p)) {
                break;
            }
            used.remove(weakest);
        }
        return rules(used, bound);
    }

    /**
     * When no conjunction is exact: conjunctions of up to three single conditions (one value, all
     * but one value, or a threshold), ranked by corrupt cells left out plus convincing clean
     * cells let in, then by fewer conditions.
     */
    private List<List<Rule>> bestApproximate(BitSet convincing) {
        List<Rule> pieces = new ArrayList<>();
        for (int a = 0; a < axes.size(); a++) {
            Design.Axis axis = axes.get(a);
            int values = axis.values().size();
            if (axis.constant()) {
                continue;
            }
            for (int v = 0; v < values; v++) {
                BitSet one = new BitSet();
                one.set(v);
                pieces.add(new Rule(a, one));
                if (values > 2) {
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
        BitSet[] picks = pieces.stream().map(r -> design.where(r.axis(), r.values())).toArray(BitSet[]::new);
        record Scored(List<Rule> rules, BitSet cells, int errors) {
        }
        Map<BitSet, Scored> best = new HashMap<>();
        for (int size = 0; size <= Math.min(MAX_APPROXIMATE_CONDITIONS, pieces.size()); size++) {
            Evidence.forEachSubset(pieces.size(), size, subset -> {
                if (!distinctAxes(pieces, subset)) {
                    return;
                }
                BitSet cells = new BitSet();
                cells.set(0, design.cells());
                for (int i : subset) {
                    cells.and(picks[i]);
                }
                BitSet missed = (BitSet) corrupt.clone();
                missed.andNot(cells);
                BitSet wrong = (BitSet) convincing.clone();
                wrong.and(cells);
                List<Rule> rules = new ArrayList<>();
                for (int i : subset) {
                    rules.add(pieces.get(i));
                }
                Scored s = new Scored(rules, cells, missed.cardinality() + wrong.cardinality());
                best.merge(cells, s, (x, y) -> x.rules().size() < y.rules().size()
                        || x.rules().size() == y.rules().size() && evidence.preference(x.rules()) <= evidence.preference(y.rules()) ? x : y);
            });
        }
        return best.values().stream()
                .sorted(Comparator.comparingInt(Scored::errors).thenComparingInt(s -> s.rules().size())
                        .thenComparingInt(s -> s.cells().cardinality()).thenComparingInt(s -> evidence.preference(s.rules())))
                .limit(SHOWN_ALTERNATIVES).map(Scored::rules).toList();
    }

    private static boolean distinctAxes(List<Rule> pieces, int[] subset) {
        for (int i = 0; i < subset.length; i++) {
            for (int j = i + 1; j < subset.length; j++) {
                if (pieces.get(subset[i]).axis() == pieces.get(subset[j]).axis()) {
                    return false;
                }
            }
        }
        return true;
    }
}
