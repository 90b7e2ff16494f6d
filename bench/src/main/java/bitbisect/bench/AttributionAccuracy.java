package bitbisect.bench;

import bitbisect.runner.report.Analysis;
import bitbisect.runner.report.Design;
import bitbisect.runner.report.Findings;
import java.util.ArrayList;
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

    private static final String[] SIZES = {"1MiB", "4MiB", "16MiB", "64MiB", "256MiB"};
    private static final long[] SIZE_WORDS = {1L << 17, 1L << 19, 1L << 21, 1L << 23, 1L << 25};
    private static final String[] KERNELS = {"3.10", "4.18", "5.1", "5.4", "5.10"};
    private static final double[] BANDS = {0, 1, 3, 10, 30};

    private AttributionAccuracy() {
    }

    /** One simulated truth and how each method did. */
    private record Outcome(double weakest, Score likelihood, Score pooled, boolean twoCauses) {
    }

    /** Right: exactly the guilty cells. Wrong blame: an innocent cell named. Narrow: guilty cells only, not all. */
    private enum Score { RIGHT, WRONG_BLAME, NARROW, UNDECIDED }

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
        // The matrix: a size axis, a kernel-like label, and 2-5 other axes; at most ~1500 cells.
        List<Design.Axis> axes = new ArrayList<>();
        int axisCount = 4 + r.nextInt(4);
        long cells = 1;
        for (int a = 0; a < axisCount; a++) {
            int values = 2 + r.nextInt(4);
            while (cells * values > 1500 && values > 2) {
                values--;
            }
            cells *= values;
            List<String> names = new ArrayList<>();
            int[] rank = null;
            String name;
            if (a == 0) {
                name = "size";
                rank = new int[values];
                for (int v = 0; v < values; v++) {
                    names.add(SIZES[v]);
                    rank[v] = v;
                }
            } else if (a == 1) {
                name = "kernel";
                rank = new int[values];
                for (int v = 0; v < values; v++) {
                    names.add(KERNELS[v]);
                    rank[v] = v;
                }
            } else {
                name = "axis" + a;
                for (int v = 0; v < values; v++) {
                    names.add("v" + v);
                }
            }
            axes.add(new Design.Axis(name, names, rank));
        }
        int n = (int) cells;
        int[][] at = new int[n][axes.size()];
        for (int c = 0; c < n; c++) {
            int rest = c;
            for (int a = axes.size() - 1; a >= 0; a--) {
                int v = axes.get(a).values().size();
                at[c][a] = rest % v;
                rest /= v;
            }
        }
        // The truth: one cause, or two independent ones.
        boolean two = r.nextInt(6) == 0;
        BitSet first = cause(r, axes, at);
        BitSet second = two ? cause(r, axes, at) : new BitSet();
        double rate1 = Math.pow(10, -9 + 4 * r.nextDouble());
        double rate2 = Math.pow(10, -9 + 4 * r.nextDouble());
        // The evidence.
        long[] iterations = new long[n];
        long[] corrupt = new long[n];
        long[] inconclusive = new long[n];
        long[] words = new long[n];
        long[] corruptWords = new long[n];
        double failing = 0.2 * r.nextDouble();
        double weakest = Double.POSITIVE_INFINITY;
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            ids.add("cell" + c);
            words[c] = SIZE_WORDS[at[c][0]];
            if (r.nextDouble() < failing) {
                inconclusive[c] = 1;
                continue; // hung or failed: no evidence
            }
            iterations[c] = 5 + r.nextInt(56);
            double hazard = (first.get(c) ? rate1 : 0) + (second.get(c) ? rate2 : 0);
            double q = -Math.expm1(-hazard * words[c]);
            for (long i = 0; i < iterations[c]; i++) {
                if (r.nextDouble() < q) {
                    corrupt[c]++;
                    corruptWords[c] += 1 + poisson(r, hazard * words[c]);
                }
            }
            if (hazard > 0) {
                weakest = Math.min(weakest, hazard * words[c] * iterations[c]);
            }
        }
        BitSet truth = (BitSet) first.clone();
        truth.or(second);
        Design design = new Design(axes, ids, at, iterations, corrupt, inconclusive, words, corruptWords);
        Findings f = Analysis.analyse(design, "sim", List.of(), (cell, more) -> "");
        Score likelihood = switch (f.verdict()) {
            case EXPLAINED, TWO_CAUSES, EVERYWHERE, PARTLY_EXPLAINED -> score(claimed(f, design), truth);
            default -> Score.UNDECIDED;
        };
        if ((likelihood == Score.WRONG_BLAME || likelihood == Score.UNDECIDED && weakest >= 3 && weakest < 1e300)
                && Boolean.getBoolean("debug")) {
            BitSet c = claimed(f, design);
            BitSet extra = (BitSet) c.clone();
            extra.andNot(truth);
            BitSet missing = (BitSet) truth.clone();
            missing.andNot(c);
            synchronized (AttributionAccuracy.class) {
                System.out.println("WRONG weakest=" + weakest + " two=" + two + " verdict=" + f.verdict() + " claimed="
                        + f.explanations().stream().map(Findings.Explanation::text).toList() + " extra=" + extra.cardinality()
                        + " missing=" + missing.cardinality() + " truth=" + truth.cardinality() + " support="
                        + (f.explanations().isEmpty() ? "-" : f.explanations().get(0).support()) + " | "
                        + describe(axes, at, truth) + " | " + f.hypotheses().stream().limit(3)
                        .map(h -> h.text() + "=" + String.format(Locale.ROOT, "%.3f", h.support())).toList());
            }
        }
        BitSet pooled = new PooledRate(design).explained();
        Score old = pooled == null ? Score.UNDECIDED : score(pooled, truth);
        return new Outcome(weakest == Double.POSITIVE_INFINITY ? 0 : weakest, likelihood, old, two);
    }

    private static Score score(BitSet claimed, BitSet truth) {
        if (claimed.equals(truth)) {
            return Score.RIGHT;
        }
        BitSet innocent = (BitSet) claimed.clone();
        innocent.andNot(truth);
        return innocent.isEmpty() ? Score.NARROW : Score.WRONG_BLAME;
    }

    /** A cause: 1-3 conditions on different axes, each one value, two values, or a threshold. */
    private static BitSet cause(SplittableRandom r, List<Design.Axis> axes, int[][] at) {
        int conditions = 1 + r.nextInt(3);
        List<Integer> order = new ArrayList<>();
        for (int a = 0; a < axes.size(); a++) {
            order.add(a);
        }
        java.util.Collections.shuffle(order, new java.util.Random(r.nextLong()));
        BitSet cells = new BitSet();
        cells.set(0, at.length);
        for (int i = 0; i < conditions && i < order.size(); i++) {
            int a = order.get(i);
            Design.Axis axis = axes.get(a);
            int values = axis.values().size();
            BitSet allowed = new BitSet();
            int kind = r.nextInt(10);
            if (axis.ordered() && kind < 3 && values > 2) {
                int from = 1 + r.nextInt(values - 1); // at least this value: a threshold
                allowed.set(from, values);
            } else if (kind < 5 && values > 2) {
                allowed.set(r.nextInt(values));
                allowed.set(r.nextInt(values));
            } else {
                allowed.set(r.nextInt(values));
            }
            for (int c = 0; c < at.length; c++) {
                if (!allowed.get(at[c][a])) {
                    cells.clear(c);
                }
            }
        }
        return cells;
    }

    /** The cells the findings name as guilty: those meeting every condition of some explanation. */
    private static BitSet claimed(Findings f, Design design) {
        BitSet all = new BitSet();
        List<String> names = design.axes().stream().map(Design.Axis::name).toList();
        for (Findings.Explanation e : f.explanations()) {
            BitSet in = new BitSet();
            in.set(0, design.cells());
            for (Findings.Condition cond : e.conditions()) {
                int a = names.indexOf(cond.axis());
                for (int c = 0; c < design.cells(); c++) {
                    if (!cond.values().contains(design.axes().get(a).values().get(design.at()[c][a]))) {
                        in.clear(c);
                    }
                }
            }
            all.or(in);
        }
        return all;
    }

    /** The truth in words: the values each axis takes among the guilty cells. */
    private static String describe(List<Design.Axis> axes, int[][] at, BitSet truth) {
        List<String> parts = new ArrayList<>();
        for (int a = 0; a < axes.size(); a++) {
            BitSet values = new BitSet();
            int axis = a;
            truth.stream().forEach(c -> values.set(at[c][axis]));
            if (values.cardinality() < axes.get(a).values().size()) {
                parts.add(axes.get(a).name() + values);
            }
        }
        return String.join(" ", parts);
    }

    private static long poisson(SplittableRandom r, double mean) {
        if (mean > 30) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        double l = Math.exp(-mean);
        long k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
