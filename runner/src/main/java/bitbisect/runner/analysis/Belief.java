package bitbisect.runner.analysis;

import bitbisect.runner.analysis.Evidence.Rule;
import java.util.BitSet;
import java.util.List;

/**
 * What the evidence of a design supports: the explanations weighed (most supported first), and
 * the verdict they allow at a confidence. The report's verdict and the hunt's stopping rule
 * ({@code bitbisect bisect}) are this one judgement.
 */
public final class Belief {

    /**
     * A distinct explanation: its wording, its support, P(an iteration is corrupt) in each cell
     * under it, and its causes (one, or two), each as the values allowed on each axis (null: any).
     */
    public record Leader(String text, double support, double[] perIteration, List<BitSet[]> causes,
                         Findings.Exposure exposure, double[] rates) {

        /**
         * P(an iteration of {@code words} words is corrupt) at {@code factor} times the rate of
         * cause {@code cause}: what a cell it held for would show.
         */
        public double chance(int cause, long words, double factor) {
            return Likelihood.probability(exposure, rates[cause] * factor, words);
        }
    }

    private final Evidence evidence;
    private final Design design;
    private final Hypotheses hypotheses;
    private final List<Weighing.Weighed> ranked;
    private final Findings.Verdict verdict;

    private Belief(Evidence evidence, double confidence) {
        this.evidence = evidence;
        this.design = evidence.design();
        if (evidence.corrupt().isEmpty()) {
            this.hypotheses = null;
            this.ranked = List.of();
            this.verdict = design.iterations(evidence.all()) == 0 ? Findings.Verdict.NO_EVIDENCE
                    : Findings.Verdict.NO_CORRUPTION;
            return;
        }
        this.hypotheses = new Hypotheses(evidence);
        this.ranked = Weighing.weigh(hypotheses.all(), evidence);
        Findings.Verdict v = verdict(ranked, confidence);
        this.verdict = settled(v) && contradicted(ranked.get(0).best()) ? Findings.Verdict.UNEXPLAINED : v;
    }

    /** The belief the report states, at {@link Stats#CONFIDENCE}. */
    static Belief of(Evidence evidence) {
        return new Belief(evidence, Stats.CONFIDENCE);
    }

    public static Belief of(Design design, double confidence) {
        return new Belief(Evidence.of(design), confidence);
    }

    public Findings.Verdict verdict() {
        return verdict;
    }

    /** Whether the verdict names what explains the corruption (or that it depends on no axis). */
    public boolean settled() {
        return settled(verdict);
    }

    static boolean settled(Findings.Verdict v) {
        return switch (v) {
            case EXPLAINED, TWO_CAUSES, PARTLY_EXPLAINED, EVERYWHERE -> true;
            default -> false;
        };
    }

    /** The {@code limit} most supported explanations, for choosing runs that tell them apart. */
    public List<Leader> leaders(int limit) {
        return ranked.stream().limit(limit).map(w -> {
            double[] q = new double[design.cells()];
            for (int c = 0; c < q.length; c++) {
                q[c] = w.best().probability(c, design.words()[c]);
            }
            List<BitSet[]> causes = new java.util.ArrayList<>();
            causes.add(allowed(w.best().first()));
            if (w.best().twoCauses()) {
                causes.add(allowed(w.best().second()));
            }
            Hypothesis h = w.best();
            return new Leader(text(h), w.support(), q, causes, h.exposure(),
                    h.twoCauses() ? new double[] {h.rate1(), h.rate2()} : new double[] {h.rate1()});
        }).toList();
    }

    private BitSet[] allowed(List<Rule> rules) {
        BitSet[] allowed = new BitSet[design.axes().size()];
        rules.forEach(r -> allowed[r.axis()] = r.values());
        return allowed;
    }

    List<Weighing.Weighed> ranked() {
        return ranked;
    }

    Hypotheses hypotheses() {
        return hypotheses;
    }

    private static Findings.Verdict verdict(List<Weighing.Weighed> ranked, double confidence) {
        Weighing.Weighed top = ranked.get(0);
        if (top.support() >= confidence) {
            Hypothesis h = top.best();
            if (h.twoCauses()) {
                return Findings.Verdict.TWO_CAUSES;
            }
            if (h.background()) {
                return Findings.Verdict.PARTLY_EXPLAINED;
            }
            return h.first().isEmpty() ? Findings.Verdict.EVERYWHERE : Findings.Verdict.EXPLAINED;
        }
        double leading = ranked.stream().limit(3).mapToDouble(Weighing.Weighed::support).sum();
        return ranked.size() > 1 && leading >= confidence ? Findings.Verdict.AMBIGUOUS
                : Findings.Verdict.NOT_ENOUGH_EVIDENCE;
    }

    /**
     * Whether a clean cell inside the explanation makes it untenable: at its fitted rate, that
     * cell staying clean had a chance below 1% shared over the explanation's cells (Bonferroni).
     * The support only ranks the explanations tried; this asks whether the best of them fits.
     */
    private boolean contradicted(Hypothesis h) {
        BitSet in = h.guilty();
        long tested = in.stream().filter(c -> design.n()[c] > 0).count();
        double limit = Math.log(0.01 / Math.max(1, tested));
        for (int c = in.nextSetBit(0); c >= 0; c = in.nextSetBit(c + 1)) {
            if (evidence.clean().get(c)) {
                double q = h.probability(c, design.words()[c]);
                double logClean = q >= 1 ? Double.NEGATIVE_INFINITY : design.n()[c] * Math.log1p(-q);
                if (logClean < limit) {
                    return true;
                }
            }
        }
        return false;
    }

    /** "kernel=5.1 AND sync=buffered", "A; and B" for two causes, with "+ background" when it needs one. */
    String text(Hypothesis h) {
        String first = conjunction(h.first());
        String text = h.twoCauses() ? first + "; and " + conjunction(h.second()) : first;
        return h.background() ? text + ", with a background rate elsewhere" : text;
    }

    String conjunction(List<Rule> rules) {
        return rules.isEmpty() ? "every cell" : String.join(" AND ",
                rules.stream().map(r -> Text.condition(evidence.axes().get(r.axis()), r.values())).toList());
    }
}
