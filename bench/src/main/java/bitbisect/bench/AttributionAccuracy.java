package bitbisect.bench;

import bitbisect.bench.Truth.Score;
import bitbisect.runner.analysis.Analysis;
import bitbisect.runner.analysis.Design;
import bitbisect.runner.analysis.Findings;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * How often the attribution is right, wrong, or honestly undecided, on random truths whose answer
 * is known. Each truth draws a matrix (4-7 axes of 2-5 values; a size axis and a kernel-like
 * ordered label among them), a cause (1-3 conditions: a value, a set of values, or a threshold on
 * an ordered axis; one truth in six has two independent causes), a rate per word verified
 * (log-uniform, 1e-9 to 1e-5), unequal iterations per cell (5-60) and 0-20% of cells with hung or
 * failed runs (no evidence). It simulates every cell's corrupt iterations from the per-word model,
 * builds the design the report would see (no I/O), and runs the real analysis and the pooled-rate
 * method it replaced on the same design.
 *
 * <p>Scoring, on the set of guilty cells (so wordings that pick the same cells, like a kernel and
 * its only host, count as the same answer), for a settled verdict (explained, two causes,
 * everywhere, partly explained): <b>right</b> names exactly the guilty cells; <b>wrong blame</b>
 * names an innocent cell; <b>narrow</b> names guilty cells only but not all of them.
 * <b>Undecided</b>: ambiguous, not enough evidence, or no corruption seen. Truths are grouped into bands by the weakest test the matrix offers: the
 * fewest corrupt words any guilty cell with evidence was expected to show at the true rate.
 *
 * <p>Usage: {@code java -cp runner/target/bitbisect.jar:bench/target/classes
 * bitbisect.bench.AttributionAccuracy [TRUTHS] [SEED]}
 */
public final class AttributionAccuracy {

    private static final double[] BANDS = {0, 1, 3, 10, 30};

    private AttributionAccuracy() {
    }

    /** One simulated truth and how each method did. */
    private record Outcome(double weakest, Score likelihood, Score pooled, boolean twoCauses) {
    }


    public static void main(String[] args) {
        int truths = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261130L;
        long started = System.nanoTime();
        List<Outcome> outcomes = IntStream.range(0, truths).parallel()
                .mapToObj(i -> simulate(new SplittableRandom(seed * 1_000_003L + i))).toList();
        System.out.printf(Locale.ROOT, "attribution accuracy: %d random truths (seed %d), %.0f s%n", truths, seed,
                (System.nanoTime() - started) / 1e9);
        System.out.println("band: fewest corrupt words a guilty cell was expected to show at the true rate");
        System.out.printf(Locale.ROOT, "%-12s %6s | %-36s | %-36s%n", "band", "truths", "likelihood (this report)",
                "pooled rate (the one before)");
        System.out.printf(Locale.ROOT, "%-12s %6s | %7s %7s %7s %9s | %7s %7s %7s %9s%n", "", "", "right", "wrong",
                "narrow", "undecided", "right", "wrong", "narrow", "undecided");
        for (int b = 0; b < BANDS.length; b++) {
            double lo = BANDS[b];
            double hi = b + 1 < BANDS.length ? BANDS[b + 1] : Double.POSITIVE_INFINITY;
            List<Outcome> in = outcomes.stream().filter(o -> o.weakest() >= lo && o.weakest() < hi).toList();
            print((hi == Double.POSITIVE_INFINITY ? ">= " + fmt(lo) : fmt(lo) + " - " + fmt(hi)), in);
        }
        print("all", outcomes);
        print(">= 3", outcomes.stream().filter(o -> o.weakest() >= 3).toList());
        print("one cause", outcomes.stream().filter(o -> !o.twoCauses()).toList());
        print("two causes", outcomes.stream().filter(Outcome::twoCauses).toList());
    }

    private static String fmt(double v) {
        return v == (long) v ? Long.toString((long) v) : Double.toString(v);
    }

    private static void print(String band, List<Outcome> in) {
        if (in.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "%-12s %6d | %6.1f%% %6.1f%% %6.1f%% %8.1f%% | %6.1f%% %6.1f%% %6.1f%% %8.1f%%%n",
                band, in.size(), pct(in, true, Score.RIGHT), pct(in, true, Score.WRONG_BLAME),
                pct(in, true, Score.NARROW), pct(in, true, Score.UNDECIDED), pct(in, false, Score.RIGHT),
                pct(in, false, Score.WRONG_BLAME), pct(in, false, Score.NARROW), pct(in, false, Score.UNDECIDED));
    }

    private static double pct(List<Outcome> in, boolean likelihood, Score s) {
        return 100.0 * in.stream().filter(o -> (likelihood ? o.likelihood() : o.pooled()) == s).count() / in.size();
    }

    private static Outcome simulate(SplittableRandom r) {
        Truth truth = Truth.random(r, 1500);
        int n = truth.cells();
        long[] iterations = new long[n];
        long[] corrupt = new long[n];
        long[] inconclusive = new long[n];
        long[] corruptWords = new long[n];
        double failing = 0.2 * r.nextDouble();
        double weakest = Double.POSITIVE_INFINITY;
        for (int c = 0; c < n; c++) {
            if (r.nextDouble() < failing) {
                inconclusive[c] = 1;
                continue; // hung or failed: no evidence
            }
            iterations[c] = 5 + r.nextInt(56);
            long[] hits = new long[2];
            truth.run(r, c, iterations[c], hits);
            corrupt[c] = hits[0];
            corruptWords[c] = hits[1];
            if (truth.perIterationMean(c) > 0) {
                weakest = Math.min(weakest, truth.perIterationMean(c) * iterations[c]);
            }
        }
        Design design = new Design(truth.axes, truth.ids(), truth.at, iterations, corrupt, inconclusive, truth.words,
                corruptWords);
        Findings f = Analysis.analyse(design, "sim", List.of(), (cell, more) -> "");
        Score likelihood = truth.score(f, design);
        if ((likelihood == Score.WRONG_BLAME || likelihood == Score.UNDECIDED && weakest >= 3 && weakest < 1e300)
                && Boolean.getBoolean("debug")) {
            synchronized (AttributionAccuracy.class) {
                BitSet innocent = Truth.claimed(f, design);
                innocent.andNot(truth.guilty());
                long innocentIterations = innocent.stream().mapToLong(c -> iterations[c]).sum();
                System.out.println("WRONG weakest=" + weakest + " two=" + truth.twoCauses + " verdict=" + f.verdict()
                        + " innocent=" + innocent.cardinality() + " cells/" + innocentIterations + " iterations"
                        + " claimed=" + f.explanations().stream().map(Findings.Explanation::text).toList() + " | "
                        + truth.describe() + " | " + f.hypotheses().stream().limit(3)
                        .map(h -> h.text() + "=" + String.format(Locale.ROOT, "%.3f", h.support())).toList());
            }
        }
        BitSet pooled = new PooledRate(design).explained();
        Score old = pooled == null ? Score.UNDECIDED : truth.score(pooled);
        return new Outcome(weakest == Double.POSITIVE_INFINITY ? 0 : weakest, likelihood, old, truth.twoCauses);
    }
}
