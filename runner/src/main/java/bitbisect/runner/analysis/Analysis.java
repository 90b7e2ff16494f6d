package bitbisect.runner.analysis;

import bitbisect.runner.analysis.Evidence.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds which conditions explain the corruption (docs/report.md has the method).
 *
 * <p>A cell is corrupt when a finished run found a corrupt iteration, clean when it has finished
 * iterations and none corrupt, and without evidence otherwise (hung, failed, unreachable or not
 * run: never clean). {@link Hypotheses} weighs the explanations by their likelihood under the
 * evidence model ({@link Likelihood}): every clean cell counts against an explanation exactly at
 * the count it was expected to show there, so a short clean cell inside the true cause costs
 * little and a long one a lot. The verdict follows the support of the leading explanation.
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
        Coverage coverage = Coverage.of(design);
        if (corrupt.isEmpty()) {
            List<Findings.AxisFinding> axisFindings = new AxisParts(evidence).of(null, List.of(),
                    Findings.Exposure.PER_WORD);
            String headline = iterations == 0
                    ? "No run of this sweep has finished yet: there is no evidence either way."
                    : Headline.noCorruption(iterations, coverage);
            Findings.Verdict verdict = iterations == 0 ? Findings.Verdict.NO_EVIDENCE : Findings.Verdict.NO_CORRUPTION;
            return new Findings(Findings.LAYOUT, sweepId, verdict, headline, totals, true, List.of(),
                    Findings.Exposure.PER_WORD, 0.5, Double.NaN, List.of(), axisFindings, List.of(), confounded,
                    List.of(), inconclusive, coverage);
        }

        Belief belief = Belief.of(evidence);
        Hypotheses weighed = belief.hypotheses();
        List<Weighing.Weighed> ranked = belief.ranked();
        Weighing.Weighed top = ranked.get(0);
        Hypothesis best = top.best();
        Findings.Verdict verdict = belief.verdict();

        List<Weighing.Weighed> shown = switch (verdict) {
            case AMBIGUOUS, NOT_ENOUGH_EVIDENCE, UNEXPLAINED -> ranked.subList(0, Math.min(3, ranked.size()));
            default -> List.of(top);
        };
        List<Findings.Explanation> explanations = new ArrayList<>();
        List<Headline.Contender> contenders = new ArrayList<>();
        for (Weighing.Weighed w : shown) {
            Hypothesis h = w.best();
            List<Findings.Explanation> causes = new ArrayList<>();
            causes.add(explanation(belief, h.first(), h, h.rate1(), w.support()));
            if (h.twoCauses()) {
                causes.add(explanation(belief, h.second(), h, h.rate2(), w.support()));
            }
            explanations.addAll(causes);
            contenders.add(Headline.Contender.of(causes, h.background(), w.support()));
        }
        Map<Findings.Exposure, Double> exposures = Weighing.exposureSupport(weighed.all());
        Findings.Exposure exposure = exposures.getOrDefault(Findings.Exposure.PER_WORD, 0.0)
                >= exposures.getOrDefault(Findings.Exposure.PER_ITERATION, 0.0)
                ? Findings.Exposure.PER_WORD : Findings.Exposure.PER_ITERATION;
        List<Findings.AxisFinding> axisFindings = new AxisParts(evidence).of(best.first(),
                explanations.get(0).conditions(), exposure);
        List<String> noDifference = axisFindings.stream().filter(f -> f.part() == Findings.Part.NO_DIFFERENCE)
                .map(Findings.AxisFinding::axis).toList();
        List<Findings.CellToRerun> reruns = Belief.settled(verdict) || ranked.size() < 2 ? List.of()
                : new RerunPlan(evidence).of(best, belief.text(best), ranked.get(1).best(), belief.text(ranked.get(1).best()), rerun);
        List<Findings.HypothesisFinding> hypotheses = ranked.stream().limit(10).map(w -> new Findings.HypothesisFinding(
                belief.text(w.best()), w.support(), w.best().exposure(), w.best().rate1(), w.best().backgroundRate(),
                w.best().conditions(), w.best().guilty().cardinality(), w.best().logL())).toList();
        double exposureSupport = exposures.getOrDefault(exposure, 0.5);
        String headline = Headline.of(verdict, explanations, contenders, exposure, exposureSupport, noDifference,
                sizesInside(best));
        return new Findings(Findings.LAYOUT, sweepId, verdict, headline, totals, !best.background(), explanations,
                exposure, exposureSupport, explanations.get(0).inside().rate(), hypotheses, axisFindings, noDifference,
                confounded, reruns, inconclusive, coverage);
    }

    /** How many sizes the explanation's cells with evidence have: with one, the exposure cannot be told. */
    private int sizesInside(Hypothesis h) {
        BitSet in = h.guilty();
        return (int) in.stream().filter(c -> design.n()[c] > 0).mapToLong(c -> design.words()[c]).distinct().count();
    }

    // ---- explanations

    private Findings.Explanation explanation(Belief belief, List<Rule> rules, Hypothesis h, double rate, double support) {
        BitSet in = evidence.inside(rules);
        BitSet out = (BitSet) h.guilty().clone();
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
        leftOut.andNot(h.guilty());
        // Clean cells inside that the fitted rate expected to show 3 or more corrupt iterations.
        BitSet surprising = new BitSet();
        for (int c = in.nextSetBit(0); c >= 0; c = in.nextSetBit(c + 1)) {
            if (clean.get(c) && design.n()[c] * Likelihood.probability(h.exposure(), rate, design.words()[c]) >= 3) {
                surprising.set(c);
            }
        }
        return new Findings.Explanation(belief.conjunction(rules), conditions, inside, outside,
                Evidence.fisher(inside, outside), evidence.ids(leftOut), evidence.ids(surprising), support, rate,
                h.background() ? h.backgroundRate() : 0);
    }
}
