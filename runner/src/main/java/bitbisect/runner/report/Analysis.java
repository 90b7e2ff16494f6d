package bitbisect.runner.report;

import bitbisect.runner.report.Evidence.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

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

    private final Evidence evidence;
    private final Design design;
    private final List<Design.Axis> axes;
    private final BitSet corrupt;
    private final BitSet clean;

    private Analysis(Evidence evidence) {
        this.evidence = evidence;
        this.design = evidence.design();
        this.axes = evidence.axes();
        this.corrupt = evidence.corrupt();
        this.clean = evidence.clean();
    }

    /** The analysis of a design; {@code rerunCommand} turns a cell id and a count of iterations into a command line. */
    public static Findings analyse(Design design, String sweepId, List<Findings.InconclusiveCell> inconclusive,
                                   RerunCommand rerunCommand) {
        return new Analysis(Evidence.of(design)).run(sweepId, inconclusive, rerunCommand);
    }

    /** How to add iterations to one cell. */
    public interface RerunCommand {
        String of(String cell, long iterations);
    }

    private Findings run(String sweepId, List<Findings.InconclusiveCell> inconclusive, RerunCommand rerun) {
        BitSet all = evidence.all();
        BitSet withEvidence = (BitSet) clean.clone();
        withEvidence.or(corrupt);
        long iterations = design.iterations(all);
        Findings.Totals totals = new Findings.Totals(design.cells(), corrupt.cardinality(), clean.cardinality(),
                design.cells() - withEvidence.cardinality(), iterations, design.corruptIterations(all),
                corrupt.isEmpty() ? Stats.upperBoundWithNone(iterations) : Double.NaN);
        List<List<String>> confounded = Confounding.confounded(evidence);
        if (corrupt.isEmpty()) {
            List<Findings.AxisFinding> axisFindings = new AxisParts(evidence).of(null, List.of());
            String headline = iterations == 0
                    ? "No run of this sweep has finished yet: there is no evidence either way."
                    : String.format(Locale.ROOT, "No corruption in %,d iterations over %d cells: at 95%%, fewer than"
                            + " %s of iterations are corrupt here.", iterations, withEvidence.cardinality(),
                            Text.percent(totals.upperBound95IfClean()));
            Findings.Verdict verdict = iterations == 0 ? Findings.Verdict.NO_EVIDENCE : Findings.Verdict.NO_CORRUPTION;
            return new Findings(Findings.LAYOUT, sweepId, verdict, headline, totals, true, List.of(), Double.NaN, 0, axisFindings, List.of(), confounded, List.of(),
                    inconclusive);
        }

        Search.Result found = new Search(evidence).run();
        List<List<Rule>> exact = found.exact();
        List<List<Rule>> chosen = found.chosen();
        double insideRate = evidence.rate(evidence.inside(chosen.get(0)));
        BitSet convincing = evidence.convincing(insideRate);
        List<Findings.Explanation> explanations = new ArrayList<>();
        for (List<Rule> rules : chosen) {
            explanations.add(explanation(rules, convincing));
        }
        Findings.Verdict verdict = !exact.isEmpty() ? (chosen.get(0).isEmpty() ? Findings.Verdict.EVERYWHERE
                : chosen.size() > 1 ? Findings.Verdict.AMBIGUOUS : Findings.Verdict.EXPLAINED)
                : Findings.Verdict.PARTLY_EXPLAINED;
        List<Rule> primary = chosen.get(0);
        List<Findings.AxisFinding> axisFindings = new AxisParts(evidence).of(primary, explanations.get(0).conditions());
        List<String> noDifference = axisFindings.stream().filter(f -> f.part() == Findings.Part.NO_DIFFERENCE)
                .map(Findings.AxisFinding::axis).toList();
        long toDecide = Stats.trialsToRuleOut(insideRate);
        List<Findings.CellToRerun> reruns = new RerunPlan(evidence).of(primary, toDecide, rerun);
        return new Findings(Findings.LAYOUT, sweepId, verdict, Headline.of(verdict, explanations, noDifference), totals,
                !exact.isEmpty(), explanations, insideRate, toDecide, axisFindings, noDifference, confounded, reruns,
                inconclusive);
    }

    // ---- explanations

    private Findings.Explanation explanation(List<Rule> rules, BitSet convincing) {
        BitSet in = evidence.inside(rules);
        BitSet out = (BitSet) in.clone();
        out.flip(0, design.cells());
        Findings.Group inside = evidence.group(in);
        Findings.Group outside = evidence.group(out);
        List<Findings.Condition> conditions = new ArrayList<>();
        for (Rule r : rules) {
            BitSet without = evidence.inside(rules.stream().filter(o -> o != r).toList());
            without.andNot(in);
            Findings.Group w = evidence.group(without);
            Design.Axis axis = axes.get(r.axis());
            conditions.add(new Findings.Condition(axis.name(), Text.op(axis, r.values()), evidence.names(r),
                    Text.condition(axis, r.values()), Text.meaning(axis, r.values()), Confounding.sameCellsAs(evidence, r),
                    w, Evidence.fisher(inside, w)));
        }
        BitSet leftOut = (BitSet) corrupt.clone();
        leftOut.andNot(in);
        BitSet cleanInside = (BitSet) convincing.clone();
        cleanInside.and(in);
        String text = conditions.isEmpty() ? "every cell"
                : String.join(" AND ", conditions.stream().map(Findings.Condition::text).toList());
        return new Findings.Explanation(text, conditions, inside, outside, Evidence.fisher(inside, outside),
                evidence.ids(leftOut), evidence.ids(cleanInside));
    }
}
