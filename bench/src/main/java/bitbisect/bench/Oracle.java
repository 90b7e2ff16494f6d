package bitbisect.bench;

import bitbisect.bench.Truth.Score;
import bitbisect.runner.analysis.Analysis;
import bitbisect.runner.analysis.Belief;
import bitbisect.runner.analysis.Design;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a hunter who knew the truth would spend: the host time of a cheap set of runs that makes
 * the report settle on the true verdict. A greedy choice at the true rates: every guilty cell,
 * then innocent cells nearest the cause first (fewest axes away from a guilty cell; the cheaper
 * first), each run once for {@code m / q} iterations, where q is the chance an iteration of the
 * cell is corrupt (for an innocent cell: the chance it would be if the cause held there), so a
 * guilty cell is expected to show m corrupt iterations and a clean innocent one rules out as
 * much. For m in {@link #MULTIPLES} it finds the shortest prefix of that order whose evidence
 * settles on the truth; the oracle is the cheapest such set. Not a proven minimum: a yardstick
 * that knows what the hunt has to find out.
 */
final class Oracle {

    private static final double[] MULTIPLES = {1, 2, 4, 8};
    private static final long MOST_ITERATIONS = 1L << 20;

    private Oracle() {
    }

    /** The oracle's host seconds, or NaN when no set it tries settles on the truth. */
    static double hostSeconds(Truth truth, double perRun, double[] perIteration, SplittableRandom r) {
        List<Integer> order = order(truth, perRun, perIteration);
        int guilty = truth.guilty().cardinality();
        double best = Double.NaN;
        for (double m : MULTIPLES) {
            long[] n = new long[truth.cells()];
            long[] k = new long[truth.cells()];
            long[] words = new long[truth.cells()];
            double[] seconds = new double[truth.cells()];
            for (int c : order) {
                double q = truth.guilty().get(c) ? truth.corruptChance(c) : truth.chanceIfGuilty(c);
                n[c] = Math.max(1, Math.min(MOST_ITERATIONS, (long) Math.ceil(m / q)));
                long[] hits = new long[2];
                truth.run(r, c, n[c], hits);
                k[c] = hits[0];
                words[c] = hits[1];
                seconds[c] = perRun + n[c] * perIteration[c];
            }
            int found = shortest(truth, order, guilty, n, k, words);
            if (found > 0) {
                double cost = 0;
                for (int i = 0; i < found; i++) {
                    cost += seconds[order.get(i)];
                }
                best = Double.isNaN(best) ? cost : Math.min(best, cost);
            }
        }
        return best;
    }

    /** The shortest prefix of {@code order} (at least the guilty cells) that settles on the truth, or 0. */
    private static int shortest(Truth truth, List<Integer> order, int guilty, long[] n, long[] k, long[] words) {
        int failed = guilty - 1;
        int p = Math.max(1, guilty);
        int step = 1;
        while (!settlesRight(truth, order, p, n, k, words)) {
            if (p == order.size()) {
                return 0;
            }
            failed = p;
            p = Math.min(order.size(), p + step);
            step *= 2;
        }
        while (p - failed > 1) { // the first success lies in (failed, p]: halve it, taking it as monotone
            int mid = (failed + p) / 2;
            if (settlesRight(truth, order, mid, n, k, words)) {
                p = mid;
            } else {
                failed = mid;
            }
        }
        return p;
    }

    private static boolean settlesRight(Truth truth, List<Integer> order, int prefix, long[] n, long[] k, long[] words) {
        long[] pn = new long[truth.cells()];
        long[] pk = new long[truth.cells()];
        long[] pw = new long[truth.cells()];
        for (int i = 0; i < prefix; i++) {
            int c = order.get(i);
            pn[c] = n[c];
            pk[c] = k[c];
            pw[c] = words[c];
        }
        Design design = new Design(truth.axes, truth.ids(), truth.at, pn, pk, new long[pn.length], truth.words, pw);
        // the belief alone first: the whole analysis only for a settled verdict, to score it
        return Belief.of(design, 0.95).settled()
                && truth.score(Analysis.analyse(design, "oracle", List.of(), (cell, more) -> ""), design) == Score.RIGHT;
    }

    /** Guilty cells first, then innocent ones by axes away from the nearest guilty cell; cheaper first within each. */
    private static List<Integer> order(Truth truth, double perRun, double[] perIteration) {
        List<Integer> guilty = truth.guilty().stream().boxed().toList();
        int[] distance = new int[truth.cells()];
        for (int c = 0; c < truth.cells(); c++) {
            int d = Integer.MAX_VALUE;
            for (int g : guilty) {
                int differ = 0;
                for (int a = 0; a < truth.axes.size(); a++) {
                    differ += truth.at[c][a] != truth.at[g][a] ? 1 : 0;
                }
                d = Math.min(d, differ);
            }
            distance[c] = d;
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < truth.cells(); c++) {
            order.add(c);
        }
        order.sort(Comparator.comparingInt((Integer c) -> distance[c])
                .thenComparingDouble(c -> perRun + perIteration[c] / truth.chanceIfGuilty(c)));
        return order;
    }
}
