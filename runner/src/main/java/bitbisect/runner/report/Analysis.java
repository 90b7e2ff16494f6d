package bitbisect.runner.report;

import bitbisect.runner.matrix.FixedAxis;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds which conditions explain the corruption (docs/report.md has the method).
 *
 * <p>A cell is corrupt when a finished run found a corrupt iteration, clean when it has finished
 * iterations and none corrupt, and without evidence otherwise (hung, failed, unreachable or not
 * run: never clean). A clean cell only counts against an explanation when it is convincing: it
 * has enough iterations to rule out, at 95%, the rate seen inside the explanation. The
 * explanation is the smallest set of axes whose conditions (each axis restricted to the values
 * of the corrupt cells) hold for every corrupt cell and for no convincing clean cell. Several
 * smallest sets that pick different cells mean the matrix cannot tell them apart; none at all
 * means no conjunction explains everything, and the best few approximate ones are given with
 * what each leaves out.
 */
public final class Analysis {

    /** Approximate explanations tried up to this many conditions. */
    private static final int MAX_APPROXIMATE_CONDITIONS = 3;

    private static final int SHOWN_ALTERNATIVES = 3;

    /** Enumerating every subset of more candidate axes than this would be slow; then conditions are dropped one by one. */
    private static final int MAX_ENUMERATED_AXES = 14;

    private final Design design;
    private final List<Design.Axis> axes;
    private final BitSet corrupt;
    private final BitSet clean;

    /** A condition: axis {@code axis} takes one of {@code values}. */
    record Rule(int axis, BitSet values) {
    }

    private Analysis(Design design) {
        this.design = design;
        this.axes = design.axes();
        this.corrupt = design.corruptCells();
        this.clean = design.cleanCells();
    }

    /** The analysis of a design; {@code rerunCommand} turns a cell id and a count of iterations into a command line. */
    public static Findings analyse(Design design, String sweepId, List<Findings.InconclusiveCell> inconclusive,
                                   RerunCommand rerunCommand) {
        return new Analysis(design).run(sweepId, inconclusive, rerunCommand);
    }

    /** How to add iterations to one cell. */
    public interface RerunCommand {
        String of(String cell, long iterations);
    }

    private Findings run(String sweepId, List<Findings.InconclusiveCell> inconclusive, RerunCommand rerun) {
        BitSet all = new BitSet();
        all.set(0, design.cells());
        BitSet withEvidence = (BitSet) clean.clone();
        withEvidence.or(corrupt);
        long iterations = design.iterations(all);
        Findings.Totals totals = new Findings.Totals(design.cells(), corrupt.cardinality(), clean.cardinality(),
                design.cells() - withEvidence.cardinality(), iterations, design.corruptIterations(all),
                corrupt.isEmpty() ? Stats.upperBoundWithNone(iterations) : Double.NaN);
        List<List<String>> confounded = confounded();
        if (corrupt.isEmpty()) {
            List<Findings.AxisFinding> axisFindings = axisFindings(null, List.of());
            String headline = iterations == 0
                    ? "No run of this sweep has finished yet: there is no evidence either way."
                    : String.format(Locale.ROOT, "No corruption in %,d iterations over %d cells: at 95%%, fewer than"
                            + " %s of iterations are corrupt here.", iterations, withEvidence.cardinality(),
                            Text.percent(totals.upperBound95IfClean()));
            return new Findings(Findings.LAYOUT, sweepId, iterations == 0 ? Findings.Verdict.NO_EVIDENCE : Findings.Verdict.NO_CORRUPTION, headline,
                    totals, true, List.of(), Double.NaN, 0, axisFindings, List.of(), confounded, List.of(),
                    inconclusive);
        }

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
        double boxRate = rate(inside(box));
        BitSet contradicting = convincing(boxRate);
        contradicting.and(inside(box));
        List<List<Rule>> exact = contradicting.isEmpty() ? smallestExact(candidates, bound) : List.of();
        List<List<Rule>> chosen = exact.isEmpty() ? bestApproximate(convincing(boxRate)) : exact;
        double insideRate = rate(inside(chosen.get(0)));
        BitSet convincing = convincing(insideRate);
        List<Findings.Explanation> explanations = new ArrayList<>();
        for (List<Rule> rules : chosen) {
            explanations.add(explanation(rules, convincing));
        }
        Findings.Verdict verdict = !exact.isEmpty() ? (chosen.get(0).isEmpty() ? Findings.Verdict.EVERYWHERE
                : chosen.size() > 1 ? Findings.Verdict.AMBIGUOUS : Findings.Verdict.EXPLAINED)
                : Findings.Verdict.PARTLY_EXPLAINED;
        List<Rule> primary = chosen.get(0);
        List<Findings.AxisFinding> axisFindings = axisFindings(primary, explanations.get(0).conditions());
        List<String> noDifference = axisFindings.stream().filter(f -> f.part() == Findings.Part.NO_DIFFERENCE)
                .map(Findings.AxisFinding::axis).toList();
        long toDecide = Stats.trialsToRuleOut(insideRate);
        return new Findings(Findings.LAYOUT, sweepId, verdict,
                headline(verdict, explanations, noDifference), totals, !exact.isEmpty(), explanations, insideRate,
                toDecide, axisFindings, noDifference, confounded, reruns(primary, toDecide, rerun), inconclusive);
    }

    // ---- explanations

    private List<Rule> rules(List<Integer> axesUsed, BitSet[] bound) {
        return axesUsed.stream().map(a -> new Rule(a, bound[a])).toList();
    }

    private BitSet inside(List<Rule> rules) {
        BitSet s = new BitSet();
        s.set(0, design.cells());
        for (Rule r : rules) {
            s.and(design.where(r.axis(), r.values()));
        }
        return s;
    }

    private double rate(BitSet cells) {
        long n = design.iterations(cells);
        return n == 0 ? 0 : (double) design.corruptIterations(cells) / n;
    }

    /** Clean cells with enough iterations to rule out {@code rate}. */
    private BitSet convincing(double rate) {
        BitSet s = new BitSet();
        clean.stream().filter(c -> Stats.rulesOut(design.n()[c], rate)).forEach(s::set);
        return s;
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
            forEachSubset(candidates.size(), size, subset -> {
                List<Integer> used = new ArrayList<>();
                for (int i : subset) {
                    used.add(candidates.get(i));
                }
                if (valid(used, candidates, picks)) {
                    List<Rule> rules = rules(used, bound);
                    bySelection.merge(inside(rules), rules, (x, y) -> preference(x) <= preference(y) ? x : y);
                }
            });
            if (!bySelection.isEmpty()) {
                List<List<Rule>> found = new ArrayList<>(bySelection.values());
                found.sort(Comparator.comparingInt(this::preference));
                return found;
            }
        }
        return List.of(backwardElimination(candidates, bound, picks));
    }

    private boolean valid(List<Integer> used, List<Integer> candidates, BitSet[] picks) {
        BitSet in = intersection(used, picks, -1);
        double p = rate(in);
        BitSet convincingInside = convincing(p);
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
                if (Stats.rulesOut(design.iterations(cut), rate(narrower))) {
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
            double p = rate(intersection(used, picks, -1));
            Integer weakest = used.stream().min(Comparator.<Integer>comparingLong(a -> neighbourIterations(used, picks, a))
                    .thenComparing(a -> -preference(List.of(new Rule(a, bound[a]))))).orElseThrow();
            if (Stats.rulesOut(neighbourIterations(used, picks, weakest), p)) {
                break;
            }
            used.remove(weakest);
        }
        return rules(used, bound);
    }

    /**
     * Lower is preferred when several wordings pick the same cells: host labels (model, kernel)
     * name a cause better than the fixed axes, and those better than a host name.
     */
    private int preference(List<Rule> rules) {
        int score = 0;
        for (Rule r : rules) {
            String name = axes.get(r.axis()).name();
            score += FixedAxis.of(name).map(a -> a == FixedAxis.HOST ? 100 : 10).orElse(1);
        }
        return score;
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
            forEachSubset(pieces.size(), size, subset -> {
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
                        || x.rules().size() == y.rules().size() && preference(x.rules()) <= preference(y.rules()) ? x : y);
            });
        }
        return best.values().stream()
                .sorted(Comparator.comparingInt(Scored::errors).thenComparingInt(s -> s.rules().size())
                        .thenComparingInt(s -> s.cells().cardinality()).thenComparingInt(s -> preference(s.rules())))
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

    private Findings.Explanation explanation(List<Rule> rules, BitSet convincing) {
        BitSet in = inside(rules);
        BitSet out = (BitSet) in.clone();
        out.flip(0, design.cells());
        Findings.Group inside = group(in);
        Findings.Group outside = group(out);
        List<Findings.Condition> conditions = new ArrayList<>();
        for (Rule r : rules) {
            BitSet without = inside(rules.stream().filter(o -> o != r).toList());
            without.andNot(in);
            Findings.Group w = group(without);
            conditions.add(new Findings.Condition(axes.get(r.axis()).name(), Text.op(axes.get(r.axis()), r.values()),
                    names(r), Text.condition(axes.get(r.axis()), r.values()), Text.meaning(axes.get(r.axis()), r.values()),
                    sameCellsAs(r), w, fisher(inside, w)));
        }
        BitSet leftOut = (BitSet) corrupt.clone();
        leftOut.andNot(in);
        BitSet cleanInside = (BitSet) convincing.clone();
        cleanInside.and(in);
        String text = conditions.isEmpty() ? "every cell"
                : String.join(" AND ", conditions.stream().map(Findings.Condition::text).toList());
        return new Findings.Explanation(text, conditions, inside, outside, fisher(inside, outside), ids(leftOut),
                ids(cleanInside));
    }

    private static double fisher(Findings.Group a, Findings.Group b) {
        return Stats.fisher(a.corruptIterations(), a.iterations() - a.corruptIterations(), b.corruptIterations(),
                b.iterations() - b.corruptIterations());
    }

    private Findings.Group group(BitSet cells) {
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

    private List<String> names(Rule r) {
        return r.values().stream().mapToObj(v -> axes.get(r.axis()).values().get(v)).toList();
    }

    private List<String> ids(BitSet cells) {
        return cells.stream().mapToObj(c -> design.cellIds().get(c)).toList();
    }

    /** Conditions on other axes that pick exactly the cells this one picks. */
    private List<String> sameCellsAs(Rule r) {
        BitSet picked = design.where(r.axis(), r.values());
        List<String> same = new ArrayList<>();
        for (int b = 0; b < axes.size(); b++) {
            if (b == r.axis() || axes.get(b).constant()) {
                continue;
            }
            BitSet values = design.valuesOf(b, picked);
            if (values.cardinality() < axes.get(b).values().size() && design.where(b, values).equals(picked)) {
                same.add(Text.condition(axes.get(b), values));
            }
        }
        return same;
    }

    /** Single values of different axes that pick exactly the same cells (kernel=5.1 only on R630: model=R630). */
    private List<List<String>> confounded() {
        Map<BitSet, List<String>> bySelection = new LinkedHashMap<>();
        Map<BitSet, Set<Integer>> axesBySelection = new HashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            if (axes.get(a).constant()) {
                continue;
            }
            for (int v = 0; v < axes.get(a).values().size(); v++) {
                BitSet one = new BitSet();
                one.set(v);
                BitSet picked = design.where(a, one);
                bySelection.computeIfAbsent(picked, x -> new ArrayList<>()).add(Text.condition(axes.get(a), one));
                axesBySelection.computeIfAbsent(picked, x -> new java.util.HashSet<>()).add(a);
            }
        }
        return bySelection.entrySet().stream().filter(e -> axesBySelection.get(e.getKey()).size() > 1)
                .map(Map.Entry::getValue).toList();
    }

    // ---- axes

    /**
     * Per axis: every value's evidence and a test of independence over the whole matrix, and the
     * axis's part: in the explanation, the same cells as one of its conditions, making no
     * difference inside it (tested there), or changing the rate inside it.
     */
    private List<Findings.AxisFinding> axisFindings(List<Rule> explanation, List<Findings.Condition> conditions) {
        BitSet in = explanation == null ? null : inside(explanation);
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
            for (int c = 0; c < design.cells(); c++) {
                int v = design.at()[c][a];
                cells[v]++;
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
                valueFindings.add(new Findings.ValueFinding(axis.values().get(v), cells[v], n[v], k[v], r.value(),
                        r.low(), r.high(), inconclusiveRuns[v]));
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

    // ---- more iterations

    /**
     * Clean cells too short to count where more iterations would decide something: cells that
     * miss one condition whose evidence, pooled over all such cells, does not yet rule out the
     * rate inside (they test whether it is needed), then clean cells inside (they test whether
     * the explanation is enough); fewest iterations needed first.
     */
    private List<Findings.CellToRerun> reruns(List<Rule> explanation, long needed, RerunCommand rerun) {
        if (needed == Long.MAX_VALUE) {
            return List.of();
        }
        record Candidate(int cell, int tier, long more, String why) {
        }
        List<Candidate> list = new ArrayList<>();
        BitSet in = inside(explanation);
        for (Rule r : explanation) {
            BitSet neighbours = inside(explanation.stream().filter(o -> o != r).toList());
            neighbours.andNot(in);
            if (design.iterations(neighbours) >= needed) {
                continue; // together they already rule out the rate inside
            }
            neighbours.and(clean);
            for (int c = neighbours.nextSetBit(0); c >= 0; c = neighbours.nextSetBit(c + 1)) {
                list.add(new Candidate(c, 0, needed - design.n()[c], "tests whether "
                        + Text.condition(axes.get(r.axis()), r.values()) + " is needed (this cell has "
                        + axes.get(r.axis()).name() + "=" + axes.get(r.axis()).values().get(design.at()[c][r.axis()]) + ")"));
            }
        }
        in.and(clean);
        for (int c = in.nextSetBit(0); c >= 0; c = in.nextSetBit(c + 1)) {
            if (design.n()[c] < needed) {
                list.add(new Candidate(c, 1, needed - design.n()[c], "inside the explanation but clean so far"));
            }
        }
        list.sort(Comparator.comparingInt(Candidate::tier).thenComparingLong(Candidate::more)
                .thenComparing(x -> design.cellIds().get(x.cell())));
        return list.stream().map(x -> new Findings.CellToRerun(design.cellIds().get(x.cell()), design.n()[x.cell()],
                x.more(), x.why(), rerun.of(design.cellIds().get(x.cell()), x.more()))).toList();
    }

    // ---- headline

    private static String headline(Findings.Verdict verdict, List<Findings.Explanation> explanations, List<String> noDifference) {
        Findings.Explanation e = explanations.get(0);
        String nothingElse = noDifference.isEmpty() ? "" : " " + String.join(", ", noDifference)
                + (noDifference.size() == 1 ? " makes" : " make") + " no difference.";
        switch (verdict) {
            case EXPLAINED:
                return String.format(Locale.ROOT, "Corruption only where %s: %,d of %,d iterations there (%s),"
                                + " none in %,d iterations elsewhere (below %s at 95%%).%s", describe(e),
                        e.inside().corruptIterations(), e.inside().iterations(), Text.percent(e.inside().rate()),
                        e.outside().iterations(), Text.percent(e.outside().upperBound95()), nothingElse);
            case AMBIGUOUS:
                return "This matrix cannot tell apart: " + String.join("; or ",
                        explanations.stream().map(Analysis::describe).toList())
                        + ". Each covers every corrupt cell and no convincing clean one.";
            case EVERYWHERE:
                return String.format(Locale.ROOT, "Corruption across the whole matrix: %,d of %,d iterations (%s);"
                        + " no axis narrows it down.", e.inside().corruptIterations(), e.inside().iterations(),
                        Text.percent(e.inside().rate()));
            default:
                return "No conjunction explains every corrupt cell. Closest: " + e.text() + " (leaves out "
                        + e.corruptCellsLeftOut().size() + " corrupt cells, lets in " + e.cleanCellsInside().size()
                        + " convincing clean cells).";
        }
    }

    /** The explanation with the meaning and the aliases of its conditions. */
    static String describe(Findings.Explanation e) {
        return String.join(" AND ", e.conditions().stream().map(c -> c.text()
                + (c.meaning() == null ? "" : " (" + c.meaning() + ")")
                + (c.sameCellsAs().isEmpty() ? "" : " [same cells as " + String.join(", ", c.sameCellsAs()) + "]"))
                .toList());
    }

    /** Calls {@code each} with every index subset of {@code 0..n-1} of the given size (one array, reused). */
    static void forEachSubset(int n, int size, java.util.function.Consumer<int[]> each) {
        int[] s = new int[size];
        for (int i = 0; i < size; i++) {
            s[i] = i;
        }
        if (size > n) {
            return;
        }
        while (true) {
            each.accept(s);
            int i = size - 1;
            while (i >= 0 && s[i] == n - size + i) {
                i--;
            }
            if (i < 0) {
                return;
            }
            s[i]++;
            for (int j = i + 1; j < size; j++) {
                s[j] = s[j - 1] + 1;
            }
        }
    }
}
