package bitbisect.runner.analysis;

import java.util.Arrays;
import java.util.BitSet;
import java.util.TreeMap;

/**
 * The evidence model (docs/report.md, "The model"). A cell's evidence is its finished
 * iterations n and the corrupt ones among them k; each iteration verifies w words. Under a
 * hypothesis, an iteration of a guilty cell is corrupt with probability
 * <ul>
 *   <li>{@code 1 - exp(-rate * w)} when the fault hits words ({@link Findings.Exposure#PER_WORD}:
 *       an 8 MiB iteration is about 8x as likely to be hit as a 1 MiB one), or</li>
 *   <li>{@code rate} when it hits whole operations ({@link Findings.Exposure#PER_ITERATION}: a
 *       lost write, a bad close; size does not matter),</li>
 * </ul>
 * and k is binomial. Counting corrupt iterations, not words, keeps a fault that damages many
 * words at once (a lost page) from counting as many independent hits. A clean cell is then
 * evidence against a hypothesis exactly at the count it was expected to show: P(clean) =
 * exp(-rate * words verified) per word.
 */
public final class Likelihood {

    private Likelihood() {
    }

    /** The best rate for a set of cells and the log-likelihood it gives them. */
    record Fit(double rate, double logL) {
    }

    /** Iterations and corrupt iterations of a set of cells, by words per iteration. */
    static final class Counts {
        final TreeMap<Long, long[]> byWords = new TreeMap<>();
        long iterations;
        long corrupt;

        void add(long words, long n, long k) {
            if (n == 0) {
                return;
            }
            long[] nk = byWords.computeIfAbsent(words, w -> new long[2]);
            nk[0] += n;
            nk[1] += k;
            iterations += n;
            corrupt += k;
        }

        static Counts of(Design d, BitSet cells) {
            // Thousands of cells, a few sizes: added up per size in arrays, then one map entry per size.
            long[] words = d.words();
            long[] n = d.n();
            long[] k = d.k();
            long[] sizes = new long[8];
            long[] sizeN = new long[8];
            long[] sizeK = new long[8];
            int used = 0;
            for (int i = cells.nextSetBit(0); i >= 0; i = cells.nextSetBit(i + 1)) {
                if (n[i] == 0) {
                    continue; // as add() leaves it out
                }
                int s = 0;
                while (s < used && sizes[s] != words[i]) {
                    s++;
                }
                if (s == used) {
                    if (used == sizes.length) {
                        sizes = Arrays.copyOf(sizes, used * 2);
                        sizeN = Arrays.copyOf(sizeN, used * 2);
                        sizeK = Arrays.copyOf(sizeK, used * 2);
                    }
                    sizes[used++] = words[i];
                }
                sizeN[s] += n[i];
                sizeK[s] += k[i];
            }
            Counts c = new Counts();
            for (int s = 0; s < used; s++) {
                c.add(sizes[s], sizeN[s], sizeK[s]);
            }
            return c;
        }
    }

    /** P(an iteration of w words is corrupt) at {@code rate}. */
    public static double probability(Findings.Exposure e, double rate, long words) {
        return e == Findings.Exposure.PER_WORD ? -Math.expm1(-rate * words) : Math.min(1, rate);
    }

    /** The log-likelihood of {@code counts} at {@code rate}. */
    static double logL(Counts counts, Findings.Exposure e, double rate) {
        double sum = 0;
        for (var entry : counts.byWords.entrySet()) {
            long w = entry.getKey();
            long n = entry.getValue()[0];
            long k = entry.getValue()[1];
            if (e == Findings.Exposure.PER_WORD) {
                double x = rate * w;
                sum += (k == 0 ? 0 : k * Math.log(-Math.expm1(-x))) - (n == k ? 0 : (n - k) * x);
            } else {
                double p = Math.min(rate, 1);
                sum += (k == 0 ? 0 : k * Math.log(p)) + (n == k ? 0 : (n - k) * Math.log1p(-p));
            }
        }
        return sum;
    }

    /** The rate that maximises the likelihood of {@code counts}, and that likelihood. */
    static Fit fit(Counts counts, Findings.Exposure e) {
        if (counts.corrupt == 0) {
            return new Fit(0, 0);
        }
        if (counts.corrupt == counts.iterations) {
            return new Fit(e == Findings.Exposure.PER_WORD ? Double.POSITIVE_INFINITY : 1, 0);
        }
        double rate;
        if (e == Findings.Exposure.PER_ITERATION) {
            rate = (double) counts.corrupt / counts.iterations;
        } else {
            // d logL / d rate = sum k w / expm1(rate w) - (n - k) w: decreasing in rate, one root.
            double lo = Math.log(1e-30);
            double hi = Math.log(1e6);
            for (int i = 0; i < 200 && hi - lo > 1e-10; i++) {
                double mid = (lo + hi) / 2;
                double r = Math.exp(mid);
                double slope = 0;
                for (var entry : counts.byWords.entrySet()) {
                    long w = entry.getKey();
                    long n = entry.getValue()[0];
                    long k = entry.getValue()[1];
                    slope += (k == 0 ? 0 : k * w / Math.expm1(r * w)) - (n - k) * (double) w;
                }
                if (slope > 0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            rate = Math.exp((lo + hi) / 2);
        }
        return new Fit(rate, logL(counts, e, rate));
    }

    /**
     * Two causes with their own rates; on cells that both cover, the hazards add (per word) or
     * either may hit (per iteration). Fitted by coordinate ascent from the separate fits.
     */
    static double[] fitTwo(Counts onlyFirst, Counts onlySecond, Counts both, Findings.Exposure e) {
        double r1 = Math.max(fit(merge(onlyFirst, both), e).rate(), 1e-30);
        double r2 = Math.max(fit(merge(onlySecond, both), e).rate(), 1e-30);
        if (both.iterations == 0) {
            r1 = fit(onlyFirst, e).rate();
            r2 = fit(onlySecond, e).rate();
            return new double[] {r1, r2, logL(onlyFirst, e, r1) + logL(onlySecond, e, r2)};
        }
        for (int round = 0; round < 8; round++) {
            double fixed2 = r2;
            r1 = argmax(r -> logL(onlyFirst, e, r) + logBoth(both, e, r, fixed2), r1);
            double fixed1 = r1;
            r2 = argmax(r -> logL(onlySecond, e, r) + logBoth(both, e, fixed1, r), r2);
        }
        return new double[] {r1, r2, logL(onlyFirst, e, r1) + logL(onlySecond, e, r2) + logBoth(both, e, r1, r2)};
    }

    private static double logBoth(Counts both, Findings.Exposure e, double r1, double r2) {
        if (e == Findings.Exposure.PER_WORD) {
            return logL(both, e, r1 + r2);
        }
        return logL(both, e, 1 - (1 - Math.min(1, r1)) * (1 - Math.min(1, r2)));
    }

    private static Counts merge(Counts a, Counts b) {
        Counts c = new Counts();
        a.byWords.forEach((w, nk) -> c.add(w, nk[0], nk[1]));
        b.byWords.forEach((w, nk) -> c.add(w, nk[0], nk[1]));
        return c;
    }

    /** Golden-section search on log(rate) around {@code start} (the functions here are unimodal). */
    private static double argmax(java.util.function.DoubleUnaryOperator f, double start) {
        double a = Math.log(Math.max(start, 1e-30)) - 12;
        double b = Math.log(Math.max(start, 1e-30)) + 12;
        double g = (Math.sqrt(5) - 1) / 2;
        double x1 = b - g * (b - a);
        double x2 = a + g * (b - a);
        double f1 = f.applyAsDouble(Math.exp(x1));
        double f2 = f.applyAsDouble(Math.exp(x2));
        for (int i = 0; i < 80; i++) {
            if (f1 < f2) {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = a + g * (b - a);
                f2 = f.applyAsDouble(Math.exp(x2));
            } else {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = b - g * (b - a);
                f1 = f.applyAsDouble(Math.exp(x1));
            }
        }
        return Math.exp((a + b) / 2);
    }
}
