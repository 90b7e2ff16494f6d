package bitbisect.runner.analysis;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * The statistics of the report, with iterations as the trials: exact (Clopper-Pearson)
 * intervals, the bound that clean iterations put on a rate, and tests of independence.
 * commons-math3 throws at k = 0 and k = n for Clopper-Pearson and returns NaN from chi-square
 * with an all-zero column; both edges are handled here, by their exact values.
 */
public final class Stats {

    /** The confidence of every interval and bound in the report. */
    public static final double CONFIDENCE = 0.95;

    static final double ALPHA = 1 - CONFIDENCE;

    private Stats() {
    }

    /** A proportion with its two-sided 95% exact interval. */
    public record Rate(long k, long n, double value, double low, double high) {
    }

    /** k of n with its exact two-sided 95% interval; n = 0 gives the whole of [0, 1]. */
    public static Rate rate(long k, long n) {
        if (n == 0) {
            return new Rate(0, 0, Double.NaN, 0, 1);
        }
        double low = k == 0 ? 0 : new BetaDistribution(null, k, n - k + 1).inverseCumulativeProbability(ALPHA / 2);
        double high = k == n ? 1 : new BetaDistribution(null, k + 1, n - k).inverseCumulativeProbability(1 - ALPHA / 2);
        return new Rate(k, n, (double) k / n, low, high);
    }

    /** A count over an exposure with its exact two-sided 95% interval (Garwood's, from the Poisson). */
    public record PoissonRate(long k, double exposure, double value, double low, double high) {
    }

    /** {@code k} events over {@code exposure}: k / exposure with its exact 95% interval; no exposure gives NaN. */
    public static PoissonRate poisson(long k, double exposure) {
        if (exposure <= 0) {
            return new PoissonRate(k, exposure, Double.NaN, Double.NaN, Double.NaN);
        }
        double low = k == 0 ? 0 : new GammaDistribution(null, k, 1).inverseCumulativeProbability(ALPHA / 2);
        double high = new GammaDistribution(null, k + 1, 1).inverseCumulativeProbability(1 - ALPHA / 2);
        return new PoissonRate(k, exposure, k / exposure, low / exposure, high / exposure);
    }

    /**
     * The one-sided 95% upper bound on the rate after 0 failures in n trials: 1 - 0.05^(1/n),
     * about 3/n (the "rule of three").
     */
    public static double upperBoundWithNone(long n) {
        return n == 0 ? 1 : -Math.expm1(Math.log(ALPHA) / n);
    }

    /**
     * Trials with no failure needed before a rate p is ruled out at 95%: the smallest N with
     * (1 - p)^N < 0.05. Long.MAX_VALUE when p is 0.
     */
    public static long trialsToRuleOut(double p) {
        if (p <= 0) {
            return Long.MAX_VALUE;
        }
        if (p >= 1) {
            return 1;
        }
        return (long) Math.floor(Math.log(ALPHA) / Math.log1p(-p)) + 1;
    }

    /** Whether n clean trials are enough to rule out a rate p at 95%. */
    public static boolean rulesOut(long n, double p) {
        return n >= trialsToRuleOut(p);
    }

    /**
     * Two-sided Fisher exact test of the 2x2 table [[a, b], [c, d]]: the probability, with the
     * margins fixed, of a table at most as likely as this one.
     */
    public static double fisher(long a, long b, long c, long d) {
        long n = a + b + c + d;
        long row = a + b;
        long column = a + c;
        if (n == 0 || row == 0 || column == 0 || row == n || column == n) {
            return 1;
        }
        if (n > Integer.MAX_VALUE) { // beyond the hypergeometric's int range the chi-square approximation is exact enough
            return new ChiSquareTest().chiSquareTest(new long[][] {{a, b}, {c, d}});
        }
        HypergeometricDistribution h = new HypergeometricDistribution(null, (int) n, (int) column, (int) row);
        double observed = h.logProbability((int) a);
        double p = 0;
        for (int x = Math.max(0, (int) (row + column - n)); x <= Math.min(row, column); x++) {
            double lp = h.logProbability(x);
            if (lp <= observed + 1e-7) {
                p += Math.exp(lp);
            }
        }
        return Math.min(1, p);
    }

    /** A test of independence: which test, its p-value, and why it could not be run (then p is NaN). */
    public record Test(String name, double p, String note) {

        public boolean significant() {
            return !Double.isNaN(p) && p < ALPHA;
        }
    }

    /**
     * Whether the rate of failures differs between groups: Fisher's exact test for two groups,
     * Pearson's chi-square for more. Groups without trials are left out.
     */
    public static Test independence(long[] failures, long[] trials) {
        int groups = 0;
        long allFailures = 0;
        long allTrials = 0;
        for (int i = 0; i < trials.length; i++) {
            if (trials[i] > 0) {
                groups++;
                allFailures += failures[i];
                allTrials += trials[i];
            }
        }
        if (groups < 2) {
            return new Test("none", Double.NaN, "fewer than two values with finished iterations");
        }
        if (allFailures == 0 || allFailures == allTrials) {
            // chi-square would return NaN here: no variation, so nothing depends on anything.
            return new Test("none", 1, allFailures == 0 ? "no corruption" : "every iteration corrupt");
        }
        long[][] table = new long[groups][];
        int g = 0;
        for (int i = 0; i < trials.length; i++) {
            if (trials[i] > 0) {
                table[g++] = new long[] {failures[i], trials[i] - failures[i]};
            }
        }
        if (groups == 2) {
            return new Test("Fisher exact", fisher(table[0][0], table[0][1], table[1][0], table[1][1]), null);
        }
        boolean small = false;
        for (long[] r : table) {
            small |= (double) (r[0] + r[1]) * allFailures / allTrials < 5
                    || (double) (r[0] + r[1]) * (allTrials - allFailures) / allTrials < 5;
        }
        return new Test("chi-square", new ChiSquareTest().chiSquareTest(table),
                small ? "approximate: some expected counts below 5" : null);
    }
}
