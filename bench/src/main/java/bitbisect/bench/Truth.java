package bitbisect.bench;

import bitbisect.runner.analysis.Design;
import bitbisect.runner.analysis.Findings;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A random truth whose answer is known: a matrix, one or two causes (sets of cells) with a rate
 * each, and perhaps a weak background everywhere. Shared by the benchmarks that score the
 * analysis against it. Its {@link Family}:
 * <ul>
 *   <li>{@link Family#RANDOM}: 4-7 independent axes of 2-5 values (a size axis and a
 *       kernel-like ordered label among them; at most about {@code maxCells} cells), a cause of
 *       1-3 conditions (a value, two values, or a threshold on an ordered axis; one truth in six
 *       has two independent causes), a rate per word verified for each (log-uniform, 1e-9 to
 *       1e-5);</li>
 *   <li>{@link Family#NEEDLE}: the same matrices, one cause of three single values at once (one
 *       host AND one storage AND one sync mode, say: a handful of cells), at 1e-8 to 1e-6 per
 *       word: what a hunt that covers only pairs of values can miss.</li>
 * </ul>
 * The fleet families are built as {@code examples/fleet.yaml} is: 3-10 hosts, each carrying a
 * model label (R620, R630, C6320) and a kernel label (3.10, 4.18, 5.1, 5.5); local and NFS
 * storage; 2-5 sync modes; 2-4 sizes (1-64 MiB); 30-150 cells; the matrix's own iterations 100,
 * 200 or 400 per cell. A fleet cause's rate is per word (1e-9 to 1e-6) or, for half of them, per
 * iteration (1e-3 to 1e-1), whatever the size:
 * <ul>
 *   <li>{@link Family#FLEET}: a cause of 1-3 conditions on the fleet's axes;</li>
 *   <li>{@link Family#FLEET_NEEDLE}: one host AND one storage AND one sync mode;</li>
 *   <li>{@link Family#FLEET_RARE_SECOND}: two causes, the second 10-100 times rarer;</li>
 *   <li>{@link Family#FLEET_BACKGROUND}: a cause, and in every cell a background 30-300 times
 *       weaker than the cause's rate (per word); the answer is the cause alone.</li>
 * </ul>
 */
final class Truth {

    /** The shapes of truths the benchmarks draw. */
    enum Family {
        RANDOM, NEEDLE, FLEET, FLEET_NEEDLE, FLEET_RARE_SECOND, FLEET_BACKGROUND;

        boolean fleet() {
            return ordinal() >= FLEET.ordinal();
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    private static final String[] SIZES = {"1MiB", "4MiB", "16MiB", "64MiB", "256MiB"};
    private static final long[] SIZE_WORDS = {1L << 17, 1L << 19, 1L << 21, 1L << 23, 1L << 25};
    private static final String[] KERNELS = {"3.10", "4.18", "5.1", "5.4", "5.10"};
    private static final String[] MODELS = {"R620", "R630", "C6320"};
    private static final String[] FLEET_KERNELS = {"3.10", "4.18", "5.1", "5.5"};
    private static final String[] SYNCS = {"buffered", "fsync", "osync", "odsync", "direct"};
    private static final long[] FLEET_ITERATIONS = {100, 200, 400};

    /** Right: exactly the guilty cells. Wrong blame: an innocent cell named. Narrow: guilty cells only, not all. */
    enum Score { RIGHT, WRONG_BLAME, NARROW, UNDECIDED }

    final Family family;
    final List<Design.Axis> axes;
    final int[][] at;
    final long[] words;
    final BitSet first;
    final BitSet second;
    final double rate1;
    final double rate2;
    final boolean twoCauses;
    /** Whether the causes' rates are per iteration (whatever the size) rather than per word verified. */
    final boolean perIteration;
    /** A rate per word verified in every cell, beside the causes (0: none). */
    final double background;
    /** Each cell's host (fleet truths), or -1: cells are spread over the hosts by the benchmark. */
    final int[] hostOf;
    /** The matrix's own iterations per cell (fleet truths), or 0. */
    final long iterations;

    private Truth(Family family, List<Design.Axis> axes, int[][] at, long[] words, BitSet first, BitSet second,
                  double rate1, double rate2, boolean perIteration, double background, int[] hostOf, long iterations) {
        this.family = family;
        this.axes = axes;
        this.at = at;
        this.words = words;
        this.first = first;
        this.second = second;
        this.rate1 = rate1;
        this.rate2 = rate2;
        this.twoCauses = !second.isEmpty();
        this.perIteration = perIteration;
        this.background = background;
        this.hostOf = hostOf;
        this.iterations = iterations;
    }

    static Truth random(SplittableRandom r, int maxCells) {
        return random(r, maxCells, false);
    }

    /** A random truth (or a needle) over a full factorial of independent axes. */
    static Truth random(SplittableRandom r, int maxCells, boolean needle) {
        int axisCount = 4 + r.nextInt(4);
        long cells = 1;
        List<Design.Axis> axes = new ArrayList<>();
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
        int[][] at = factorial(axes);
        long[] words = new long[at.length];
        for (int c = 0; c < at.length; c++) {
            words[c] = SIZE_WORDS[at[c][0]];
        }
        if (needle) {
            BitSet first = singleValues(r, axes, at, shuffledAxes(r, axes, 1), 3);
            return new Truth(Family.NEEDLE, axes, at, words, first, new BitSet(), Math.pow(10, -8 + 2 * r.nextDouble()),
                    0, false, 0, null, 0);
        }
        boolean twoCauses = r.nextInt(6) == 0;
        BitSet first = cause(r, axes, at, 0);
        BitSet second = twoCauses ? cause(r, axes, at, 0) : new BitSet();
        return new Truth(Family.RANDOM, axes, at, words, first, second, Math.pow(10, -9 + 4 * r.nextDouble()),
                Math.pow(10, -9 + 4 * r.nextDouble()), false, 0, null, 0);
    }

    /** A truth of one of the fleet families: hosts with labels, as a fleet.yaml is written. */
    static Truth fleet(SplittableRandom r, Family family) {
        int hosts;
        int syncs;
        int sizes;
        do {
            hosts = 3 + r.nextInt(8);
            syncs = 2 + r.nextInt(4);
            sizes = 2 + r.nextInt(3);
        } while (hosts * 2 * syncs * sizes < 30 || hosts * 2 * syncs * sizes > 150);
        int[] model = new int[hosts];
        int[] kernel = new int[hosts];
        for (int h = 0; h < hosts; h++) {
            model[h] = r.nextInt(MODELS.length);
            kernel[h] = r.nextInt(FLEET_KERNELS.length);
        }
        List<Design.Axis> axes = new ArrayList<>();
        List<String> hostNames = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            hostNames.add("node" + (h + 1));
        }
        axes.add(new Design.Axis("host", hostNames, null));
        int[] modelAt = labelAxis(axes, "model", MODELS, model, false);
        int[] kernelAt = labelAxis(axes, "kernel", FLEET_KERNELS, kernel, true);
        axes.add(new Design.Axis("storage", List.of("local", "nfs"), null));
        List<String> syncNames = new ArrayList<>(List.of(SYNCS));
        java.util.Collections.shuffle(syncNames, new java.util.Random(r.nextLong()));
        axes.add(new Design.Axis("sync", List.copyOf(syncNames.subList(0, syncs)), null));
        int[] sizeRank = new int[sizes];
        List<String> sizeNames = new ArrayList<>();
        for (int s = 0; s < sizes; s++) {
            sizeNames.add(SIZES[s]);
            sizeRank[s] = s;
        }
        axes.add(new Design.Axis("size", sizeNames, sizeRank));
        int n = hosts * 2 * syncs * sizes;
        int[][] at = new int[n][axes.size()];
        long[] words = new long[n];
        int[] hostOf = new int[n];
        for (int c = 0; c < n; c++) {
            int rest = c;
            int size = rest % sizes;
            rest /= sizes;
            int sync = rest % syncs;
            rest /= syncs;
            int storage = rest % 2;
            int host = rest / 2;
            at[c] = new int[] {host, modelAt[host], kernelAt[host], storage, sync, size};
            words[c] = SIZE_WORDS[size];
            hostOf[c] = host;
        }
        long iterations = FLEET_ITERATIONS[r.nextInt(FLEET_ITERATIONS.length)];
        boolean perIteration = r.nextBoolean();
        double rate1 = perIteration ? Math.pow(10, -3 + 2 * r.nextDouble()) : Math.pow(10, -9 + 3 * r.nextDouble());
        BitSet first = family == Family.FLEET_NEEDLE ? singleValues(r, axes, at, List.of(0, 3, 4), 3)
                : nonEmptyCause(r, axes, at);
        BitSet second = new BitSet();
        double rate2 = 0;
        double background = 0;
        if (family == Family.FLEET_RARE_SECOND) {
            do {
                second = nonEmptyCause(r, axes, at);
            } while (second.equals(first));
            rate2 = rate1 / Math.pow(10, 1 + r.nextDouble());
        } else if (family == Family.FLEET_BACKGROUND) {
            // per word, a little below the cause's rate per word in its cells
            double perWord = perIteration ? rate1 / words[first.nextSetBit(0)] : rate1;
            background = perWord / Math.pow(10, 1.5 + r.nextDouble());
        }
        return new Truth(family, axes, at, words, first, second, rate1, rate2, perIteration, background, hostOf,
                iterations);
    }

    /** Adds a label axis of the values the hosts use (in the order of {@code names}); each host's index in it. */
    private static int[] labelAxis(List<Design.Axis> axes, String name, String[] names, int[] byHost, boolean ordered) {
        BitSet used = new BitSet();
        for (int v : byHost) {
            used.set(v);
        }
        List<String> values = new ArrayList<>();
        int[] index = new int[names.length];
        for (int v = used.nextSetBit(0); v >= 0; v = used.nextSetBit(v + 1)) {
            index[v] = values.size();
            values.add(names[v]);
        }
        int[] rank = null;
        if (ordered) {
            rank = new int[values.size()];
            for (int i = 0; i < rank.length; i++) {
                rank[i] = i;
            }
        }
        axes.add(new Design.Axis(name, values, rank));
        int[] at = new int[byHost.length];
        for (int h = 0; h < at.length; h++) {
            at[h] = index[byHost[h]];
        }
        return at;
    }

    private static int[][] factorial(List<Design.Axis> axes) {
        int n = 1;
        for (Design.Axis a : axes) {
            n *= a.values().size();
        }
        int[][] at = new int[n][axes.size()];
        for (int c = 0; c < n; c++) {
            int rest = c;
            for (int a = axes.size() - 1; a >= 0; a--) {
                int v = axes.get(a).values().size();
                at[c][a] = rest % v;
                rest /= v;
            }
        }
        return at;
    }

    /** The cells with one value on each of the first {@code conditions} of {@code order}'s axes. */
    private static BitSet singleValues(SplittableRandom r, List<Design.Axis> axes, int[][] at, List<Integer> order,
                                       int conditions) {
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

    /** A cause that holds for some cells and not all (conditions on a host and a label may meet in none). */
    private static BitSet nonEmptyCause(SplittableRandom r, List<Design.Axis> axes, int[][] at) {
        BitSet cells;
        do {
            cells = cause(r, axes, at, 0);
        } while (cells.isEmpty() || cells.cardinality() == at.length);
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

    /** Corrupt words expected per iteration of cell {@code c}. */
    double perIterationMean(int c) {
        double cause = (first.get(c) ? rate1 : 0) + (second.get(c) ? rate2 : 0);
        return (perIteration ? cause : cause * words[c]) + background * words[c];
    }

    /** The chance that one iteration of cell {@code c} has a corrupt word. */
    double corruptChance(int c) {
        return -Math.expm1(-perIterationMean(c));
    }

    /** The chance an iteration of cell {@code c} would be corrupt if the first cause held there too. */
    double chanceIfGuilty(int c) {
        double mean = (perIteration ? rate1 : rate1 * words[c]) + background * words[c];
        return -Math.expm1(-mean);
    }

    /** Adds {@code iterations} simulated iterations of cell {@code c} to the counts (index 0: corrupt iterations, 1: corrupt words). */
    void run(SplittableRandom r, int c, long iterations, long[] out) {
        double mean = perIterationMean(c);
        double q = -Math.expm1(-mean);
        for (long i = 0; i < iterations; i++) {
            if (r.nextDouble() < q) {
                out[0]++;
                out[1] += 1 + poisson(r, mean);
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
        String unit = perIteration ? "/iteration" : "/word";
        String one = describe(first) + String.format(Locale.ROOT, " @%.1e%s", rate1, unit);
        String text = twoCauses ? one + " ; " + describe(second) + String.format(Locale.ROOT, " @%.1e%s", rate2, unit) : one;
        return background > 0 ? text + String.format(Locale.ROOT, " + background %.1e/word", background) : text;
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

    /** A cause: 1-3 conditions on different axes from index {@code from} on, each one value, two values, or a threshold. */
    private static BitSet cause(SplittableRandom r, List<Design.Axis> axes, int[][] at, int from) {
        int conditions = 1 + r.nextInt(3);
        List<Integer> order = shuffledAxes(r, axes, from);
        BitSet cells = new BitSet();
        cells.set(0, at.length);
        for (int i = 0; i < conditions && i < order.size(); i++) {
            int a = order.get(i);
            Design.Axis axis = axes.get(a);
            int values = axis.values().size();
            BitSet allowed = new BitSet();
            int kind = r.nextInt(10);
            if (axis.ordered() && kind < 3 && values > 2) {
                int least = 1 + r.nextInt(values - 1); // at least this value: a threshold
                allowed.set(least, values);
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
    private static List<Integer> shuffledAxes(SplittableRandom r, List<Design.Axis> axes, int from) {
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
