package bitbisect.runner.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The runs that would best separate the leading explanation from the next one: for every cell,
 * how many more iterations make the evidence favour the true one 20:1 (3 nats) whichever of the
 * two it is, at the rates each predicts there (the smaller of the two Kullback-Leibler
 * divergences per iteration: clearing a cell of a rate p takes about 3/p iterations); least data
 * verified first. Cells the two predict alike are left out: no number of iterations there tells
 * them apart.
 */
final class RerunPlan {

    /** Log-likelihood ratio the added iterations should bring: 20:1. */
    private static final double DECISIVE = Math.log(20);
    private static final int SHOWN = 10;

    private final Design design;

    RerunPlan(Evidence evidence) {
        this.design = evidence.design();
    }

    List<Findings.CellToRerun> of(Hypothesis a, String aText, Hypothesis b, String bText,
                                  Analysis.RerunCommand rerun) {
        record Candidate(int cell, long more, String why) {
        }
        List<Candidate> list = new ArrayList<>();
        for (int c = 0; c < design.cells(); c++) {
            double qa = clip(a.probability(c, design.words()[c]));
            double qb = clip(b.probability(c, design.words()[c]));
            double perIteration = Math.min(kl(qa, qb), kl(qb, qa));
            if (perIteration < 1e-12) {
                continue;
            }
            long more = (long) Math.ceil(DECISIVE / perIteration);
            if (more > 1_000_000_000L) {
                continue;
            }
            list.add(new Candidate(c, more, String.format(Locale.ROOT,
                    "an iteration here is corrupt with p=%s under %s, p=%s under %s", Text.probability(qa), aText,
                    Text.probability(qb), bText)));
        }
        list.sort(Comparator.comparingDouble((Candidate x) -> (double) x.more() * design.words()[x.cell()])
                .thenComparing(x -> design.cellIds().get(x.cell())));
        return list.stream().limit(SHOWN).map(x -> new Findings.CellToRerun(design.cellIds().get(x.cell()),
                design.n()[x.cell()], x.more(), x.why(), rerun.of(design.cellIds().get(x.cell()), x.more()))).toList();
    }

    private static double clip(double q) {
        return Math.min(1 - 1e-12, Math.max(1e-12, q));
    }

    /** Kullback-Leibler divergence of Bernoulli(q) from Bernoulli(p), in nats: the evidence one iteration adds. */
    private static double kl(double p, double q) {
        return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    }
}
