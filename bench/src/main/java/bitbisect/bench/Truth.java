package bitbisect.bench;

import bitbisect.runner.analysis.Design;
import bitbisect.runner.analysis.Findings;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random truth whose answer is known: a matrix (4-7 axes of 2-5 values; a size axis and a
 * kernel-like ordered label among them; at most about {@code maxCells} cells), a cause (1-3
 * conditions: a value, two values, or a threshold on an ordered axis; one truth in six has two
 * independent causes) and a rate per word verified for each (log-uniform, 1e-9 to 1e-5).
 * Shared by the benchmarks that score the analysis against it. A <b>needle</b> is a truth of the
 * same matrices whose one cause is three single values at once (one host AND one storage AND one
 * sync mode, say: a handful of cells), at 1e-8 to 1e-6 per word: what a hunt that covers only
 * pairs of values can miss.
 */
final class Truth {

    private static final String[] SIZES = {"1MiB", "4MiB", "16MiB", "64MiB", "256MiB"};
    private static final long[] SIZE_WORDS = {1L << 17, 1L << 19, 1L << 21, 1L << 23, 1L << 25};
    private static final String[] KERNELS = {"3.10", "4.18", "5.1", "5.4", "5.10"};

    /** Right: exactly the guilty cells. Wrong blame: an innocent cell named. Narrow: guilty cells only, not all. */
    enum Score { RIGHT, WRONG_BLAME, NARROW, UNDECIDED }

    final List<Design.Axis> axes = new ArrayList<>();
    final int[][] at;
    final long[] words;
    final BitSet first;
    final BitSet second;
    final double rate1;
    final double rate2;
    final boolean twoCauses;

    Truth(SplittableRandom r, int maxCells) {
        this(r, maxCells, false);
    }

    Truth(SplittableRandom r, int maxCells, boolean needle) {
        int axisCount = 4 + r.nextInt(4);
        long cells = 1;
        for (int a = 0; a < axisCount; a++) {
            int values = 2 + r.nextInt(4);
            while (cells * values > maxCells && values > 2) {
                values--;
            }
            cells *= values;
            List<String> names = new ArrayList<>();
            int[] rank = null;
            String name;
            if (a == 0 || a == 1) {
                name = a == 0 ? "size" : "kernel";
                rank = new int[values];
                for (int v = 0; v < values; v++) {
                    names.add(a == 0 ? SIZES[v] : KERNELS[v]);
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
        at = new int[n][axes.size()];
        words = new long[n];
        for (int c = 0; c < n; c++) {
            int rest = c;
            for (int a = axes.size() - 1; a >= 0; a--) {
                int v = axes.get(a).values().size();
                at[c][a] = rest % v;
                rest /= v;
            }
            words[c] = SIZE_WORDS[at[c][0]];
        }
        if (needle) {
            twoCauses = false;
            first = singleValues(r, 3);
            second = new BitSet();
            rate1 = Math.pow(10, -8 + 2 * r.nextDouble());
            rate2 = 0;
            return;
        }
        twoCauses = r.nextInt(6) == 0;
        first = cause(r);
        second = twoCauses ? cause(r) : new BitSet();
        rate1 = Math.pow(10, -9 + 4 * r.nextDouble());
        rate2 = Math.pow(10, -9 + 4 * r.nextDouble());
    }

    /** The cells with one value on each of {@code conditions} axes other than size, chosen at random. */
    private BitSet singleValues(SplittableRandom r, int conditions) {
        List<Integer> order = shuffledAxes(r, 1);
        BitSet cells = new BitSet();
        cells.set(0, at.length);
        for (int a : order.subList(0, Math.min(conditions, order.size()))) {
            int value = r.nextInt(axes.get(a).values().size());
            for (int c = 0; c < at.length; c++) {
                if (at[c][a] != value) {
                    cells.clear(c);
                }
            }
        }
        return cells;
    }

    int cells() {
        return at.length;
    }

    /** The cells any cause holds for. */
    BitSet guilty() {
        BitSet s = (BitSet) first.clone();
        s.or(second);
        return s;
    }

    /** Corrupt words per word verified in a cell. */
    double hazard(int c) {
        return (first.get(c) ? rate1 : 0) + (second.get(c) ? rate2 : 0);
    }

    /** Adds {@code iterations} simulated iterations of cell {@code c} to the counts (index 0: corrupt iterations, 1: corrupt words). */
    void run(SplittableRandom r, int c, long iterations, long[] out) {
        double hazard = hazard(c) * words[c];
        double q = -Math.expm1(-hazard);
        for (long i = 0; i < iterations; i++) {
            if (r.nextDouble() < q) {
                out[0]++;
                out[1] += 1 + poisson(r, hazard);
            }
        }
    }

    List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < cells(); c++) {
            ids.add("cell" + c);
        }
        return ids;
    }

    /** Scores findings against the truth, on the set of guilty cells they name. */
    Score score(Findings f, Design design) {
        return switch (f.verdict()) {
            case EXPLAINED, TWO_CAUSES, EVERYWHERE, PARTLY_EXPLAINED -> score(claimed(f, design));
            default -> Score.UNDECIDED;
        };
    }

    Score score(BitSet claimed) {
        BitSet truth = guilty();
        if (claimed.equals(truth)) {
            return Score.RIGHT;
        }
        BitSet innocent = (BitSet) claimed.clone();
        innocent.andNot(truth);
        return innocent.isEmpty() ? Score.NARROW : Score.WRONG_BLAME;
    }

    /** The cells the findings name as guilty: those meeting every condition of some explanation. */
    static BitSet claimed(Findings f, Design design) {
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

    /** The truth in words: per cause, the values each axis takes among its cells, and its rate. */
    String describe() {
        String one = describe(first) + String.format(java.util.Locale.ROOT, " @%.1e", rate1);
        return twoCauses ? one + " ; " + describe(second) + String.format(java.util.Locale.ROOT, " @%.1e", rate2) : one;
    }

    private String describe(BitSet truth) {
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

    /** A cause: 1-3 conditions on different axes, each one value, two values, or a threshold. */
    private BitSet cause(SplittableRandom r) {
        int conditions = 1 + r.nextInt(3);
        List<Integer> order = shuffledAxes(r, 0);
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

    /** The axes from index {@code from} on, in an order drawn from {@code r}. */
    private List<Integer> shuffledAxes(SplittableRandom r, int from) {
        List<Integer> order = new ArrayList<>();
        for (int a = from; a < axes.size(); a++) {
            order.add(a);
        }
        java.util.Collections.shuffle(order, new java.util.Random(r.nextLong()));
        return order;
    }

    static long poisson(SplittableRandom r, double mean) {
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
