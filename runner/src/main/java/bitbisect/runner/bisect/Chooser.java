package bitbisect.runner.bisect;

import bitbisect.runner.analysis.Belief;
import bitbisect.runner.analysis.Design;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the runs of a round (docs/bisect.md, "Choosing runs").
 *
 * <p>To separate explanations: for every cell and a ladder of iteration counts (1, 2, 4, ...),
 * the information the run's outcome (clean or not) brings about which of the leading
 * explanations is true, in nats: the mutual information between the explanation, weighted by
 * its support, and the outcome, each explanation predicting P(clean) = (1 - q)^n from its own
 * rate q in that cell. Each cell's best count is the one with the most information per host
 * second; the round takes the best cells, at most {@code per_host} per host and runs for as many
 * hosts as may run at once, so every free host works.
 *
 * <p>To explore (nothing corrupt yet, or no run separates the explanations): a covering array of
 * the cells, each run given the same host time, so a small cell runs more iterations than a
 * large one.
 */
final class Chooser {

    /** Below this a run tells nothing worth its time (a thousandth of a nat). */
    private static final double NEGLIGIBLE = 1e-3;
    private static final int LEADERS = 12;

    private final Design design;
    private final CellCost cost;
    private final Slots slots;
    private final double maxRunSeconds;

    Chooser(Design design, CellCost cost, Slots slots, double maxRunSeconds) {
        this.design = design;
        this.cost = cost;
        this.slots = slots;
        this.maxRunSeconds = maxRunSeconds;
    }

    /** The runs that best separate the leading explanations; empty when no run separates them. */
    List<Pick> separate(Belief belief, BitSet runnable, long iterationsLeft, double secondsLeft) {
        List<Belief.Leader> leaders = belief.leaders(LEADERS);
        double z = leaders.stream().mapToDouble(Belief.Leader::support).sum();
        List<Pick> candidates = new ArrayList<>();
        for (int c = runnable.nextSetBit(0); c >= 0; c = runnable.nextSetBit(c + 1)) {
            long cap = cap(c, iterationsLeft, secondsLeft);
            Pick best = null;
            for (long n = 1; n <= cap; n = n < cap && n * 2 > cap ? cap : n * 2) {
                double nats = information(leaders, z, c, n);
                double seconds = cost.seconds(c, n);
                if (nats >= NEGLIGIBLE && (best == null || nats / seconds > best.nats() / best.seconds())) {
                    best = new Pick(c, n, seconds, nats, null);
                }
                if (n == cap) {
                    break;
                }
            }
            if (best != null) {
                candidates.add(new Pick(c, best.iterations(), best.seconds(), best.nats(),
                        why(leaders, z, c, best.iterations())));
            }
        }
        candidates.sort(Comparator.comparingDouble((Pick p) -> -p.nats() / p.seconds()).thenComparingInt(Pick::cell));
        return within(candidates, iterationsLeft, secondsLeft, roundSize(runnable));
    }

    /**
     * For each untested slice of the leading explanation, its cheapest cell run long enough to
     * bring the slice to {@link Edges#ENOUGH} expected corrupt iterations at the explanation's rate.
     */
    List<Pick> confirm(Belief.Leader leader, List<Edges.Slice> slices, BitSet runnable, long iterationsLeft,
                       double secondsLeft) {
        java.util.Map<Integer, Pick> byCell = new java.util.LinkedHashMap<>();
        for (Edges.Slice slice : slices) {
            Pick best = null;
            BitSet cells = (BitSet) slice.cells().clone();
            cells.and(runnable);
            for (int c = cells.nextSetBit(0); c >= 0; c = cells.nextSetBit(c + 1)) {
                double q = leader.chance(slice.cause(), design.words()[c], slice.factor());
                if (q <= 0) {
                    continue;
                }
                long n = Math.min(cap(c, iterationsLeft, secondsLeft),
                        (long) Math.ceil((Edges.ENOUGH - slice.expected()) / q));
                double seconds = cost.seconds(c, n);
                if (best == null || seconds < best.seconds()) {
                    best = new Pick(c, Math.max(1, n), seconds, 0, String.format(Locale.ROOT,
                            "tests %s: %s was expected to show %.1f corrupt iterations at its rate; %.0f rule it in"
                                    + " or out", leader.text(), slice.name(), slice.expected(), Edges.ENOUGH));
                }
            }
            if (best != null) {
                byCell.merge(best.cell(), best, (x, y) -> x.iterations() >= y.iterations() ? x : y);
            }
        }
        return within(new ArrayList<>(byCell.values()), iterationsLeft, secondsLeft, Integer.MAX_VALUE);
    }

    /** {@code cells} (a covering array), each run given {@code secondsPerRun} of host time; {@code why} says what they cover. */
    List<Pick> explore(List<Integer> cells, String why, double secondsPerRun, long iterationsLeft, double secondsLeft) {
        long[] wanted = new long[cells.size()];
        double iterations = 0;
        double seconds = 0;
        for (int i = 0; i < wanted.length; i++) {
            int c = cells.get(i);
            wanted[i] = Math.max(1, Math.min(Math.min(cap(c, iterationsLeft, secondsLeft), growthCap()),
                    (long) ((secondsPerRun - cost.perRun()) / cost.perIteration()[c])));
            iterations += wanted[i];
            seconds += cost.seconds(c, wanted[i]);
        }
        // Near the end of the budget, every cell of the array gets its share rather than a few all of it.
        double scale = Math.min(1, Math.min(iterationsLeft / iterations, secondsLeft / seconds));
        List<Pick> picks = new ArrayList<>();
        for (int i = 0; i < wanted.length; i++) {
            int c = cells.get(i);
            long n = Math.max(1, (long) (wanted[i] * scale));
            picks.add(new Pick(c, n, cost.seconds(c, n), 0, String.format(Locale.ROOT,
                    "covers %s; %s of host time per run", why, seconds(secondsPerRun))));
        }
        return within(picks, iterationsLeft, secondsLeft, Integer.MAX_VALUE);
    }

    /** The most iterations one run of {@code cell} may take: within the run timeout's half and the budget. */
    private long cap(int cell, long iterationsLeft, double secondsLeft) {
        double seconds = Math.min(maxRunSeconds, secondsLeft) - cost.perRun();
        long byTime = (long) Math.max(1, seconds / cost.perIteration()[cell]);
        return Math.max(1, Math.min(Math.min(byTime, iterationsLeft), 1L << 20));
    }

    /**
     * An exploring run's iterations come from host time alone, so a wrong cost estimate would
     * make them wrong too: at most {@value #GROWTH} times the iterations the most run cell has
     * finished (at least {@value #FIRST_RUN_CAP}), so such a mistake costs one bounded round.
     */
    private long growthCap() {
        long most = java.util.Arrays.stream(design.n()).max().orElse(0);
        return Math.max(FIRST_RUN_CAP, GROWTH * most);
    }

    private static final long GROWTH = 16;
    private static final long FIRST_RUN_CAP = 64;

    /** Runs that may go at once: per_host on each host, for as many hosts as may run at once. */
    private int roundSize(BitSet runnable) {
        long hosts = runnable.stream().map(c -> slots.hostOf()[c]).distinct().count();
        return (int) Math.min(hosts, slots.parallelHosts()) * slots.perHost();
    }

    /** The picks in order, at most {@code max} and per_host per host in a separating round, within the budget. */
    private List<Pick> within(List<Pick> ordered, long iterationsLeft, double secondsLeft, int max) {
        List<Pick> out = new ArrayList<>();
        java.util.Map<Integer, Integer> perHost = new java.util.HashMap<>();
        long iterations = 0;
        double seconds = 0;
        for (Pick p : ordered) {
            if (out.size() >= max || iterations + p.iterations() > iterationsLeft && !out.isEmpty()
                    || seconds + p.seconds() > secondsLeft && !out.isEmpty()) {
                break;
            }
            int host = slots.hostOf()[p.cell()];
            if (max != Integer.MAX_VALUE && perHost.getOrDefault(host, 0) >= slots.perHost()) {
                continue;
            }
            perHost.merge(host, 1, Integer::sum);
            out.add(p);
            iterations += p.iterations();
            seconds += p.seconds();
        }
        return out;
    }

    /** Mutual information, in nats, between the explanation and whether n iterations of the cell stay clean. */
    static double information(List<Belief.Leader> leaders, double z, int cell, long n) {
        double mixed = 0;
        double conditional = 0;
        for (Belief.Leader h : leaders) {
            double w = h.support() / z;
            double clean = cleanChance(h, cell, n);
            mixed += w * clean;
            conditional += w * entropy(clean);
        }
        return Math.max(0, entropy(mixed) - conditional);
    }

    private static double cleanChance(Belief.Leader h, int cell, long n) {
        double q = h.perIteration()[cell];
        return q >= 1 ? 0 : Math.exp(n * Math.log1p(-q));
    }

    private static double entropy(double p) {
        return (p <= 0 || p >= 1) ? 0 : -p * Math.log(p) - (1 - p) * Math.log1p(-p);
    }

    /** The two leading explanations this run tells apart best: the chance of a corrupt iteration under each. */
    private static String why(List<Belief.Leader> leaders, double z, int cell, long n) {
        Belief.Leader a = null;
        Belief.Leader b = null;
        double best = -1;
        for (int i = 0; i < leaders.size(); i++) {
            for (int j = i + 1; j < leaders.size(); j++) {
                Belief.Leader x = leaders.get(i);
                Belief.Leader y = leaders.get(j);
                double gap = x.support() * y.support() / (z * z) * Math.abs(cleanChance(x, cell, n) - cleanChance(y, cell, n));
                if (gap > best) {
                    best = gap;
                    a = x;
                    b = y;
                }
            }
        }
        if (a == null) {
            return "";
        }
        return String.format(Locale.ROOT, "P(corrupt in %d iterations) is %s if %s (support %s), %s if %s (%s)", n,
                chance(1 - cleanChance(a, cell, n)), a.text(), chance(a.support() / z), chance(1 - cleanChance(b, cell, n)),
                b.text(), chance(b.support() / z));
    }

    private static String chance(double p) {
        return String.format(Locale.ROOT, "%.2f", p);
    }

    static String seconds(double s) {
        return s < 120 ? String.format(Locale.ROOT, "%.0f s", s) : String.format(Locale.ROOT, "%.0f min", s / 60);
    }
}
