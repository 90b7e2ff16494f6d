package bitbisect.runner.bisect;

import bitbisect.runner.analysis.Belief;
import bitbisect.runner.analysis.Design;
import bitbisect.runner.store.HuntLog.Kind;
import bitbisect.runner.store.HuntLog;
import bitbisect.writer.units.Count;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The hunt's rule (docs/bisect.md): given the evidence so far, the next round of runs or the
 * reason to stop. It holds no state of its own: everything it needs is in the store (the
 * evidence, and how many rounds of each kind were run), so a hunt killed at any moment goes on
 * from the same point. The same rule drives the real hunt and the simulator in bench/.
 *
 * <ol>
 *   <li>The first round screens: every pair of values once ({@link Screen}), or every cell when
 *       that is hardly more, {@code screenIterations} each.</li>
 *   <li>When the report's verdict names the explanation with the support asked for (settled),
 *       the hunt first tests the explanation's edges ({@link Edges}: confirm rounds), then takes
 *       a last look (a covering array of the cells outside it, sharing {@value #LOOK_SHARE} of
 *       the host time spent so far), and stops if the verdict still holds. It also stops when
 *       the budget is spent.</li>
 *   <li>Otherwise, with corruption to explain, it runs what best separates the leading
 *       explanations ({@link Chooser#separate}). With none yet, or when no run separates them,
 *       coverage climbs before runs grow: while some cell never ran, a cover round runs, at the
 *       screen's length, the cells that show the combinations of three values no run has shown
 *       (then four, ..., up to the cells themselves); once every cell ran, it explores: a fresh
 *       covering array of pairs, each run given twice the host time of the last exploring
 *       round.</li>
 * </ol>
 */
public final class Hunt {

    /** How much the hunt may spend: iterations, or host time (the runs' durations added up). */
    public sealed interface Budget {
        record Iterations(long iterations) implements Budget {
            @Override
            public String toString() {
                return String.format(Locale.ROOT, "budget %,d iterations", iterations);
            }

            @Override
            public double share(Used used) {
                return (double) used.iterations() / iterations;
            }
        }

        record HostTime(Duration time) implements Budget {
            @Override
            public String toString() {
                return "budget " + Chooser.seconds(time.toSeconds()) + " of host time";
            }

            @Override
            public double share(Used used) {
                return used.hostSeconds() / time.toSeconds();
            }
        }

        /**
         * What a full sweep of the matrix would take in host time ({@code runsPerCell} runs of
         * {@code iterationsPerRun} on every cell), priced by the runs so far ({@link #priced}):
         * the default. A budget of iterations would let the hunt's cheap iterations (many of a
         * small file) use up in minutes what a sweep spends in hours.
         */
        record FullSweep(long runsPerCell, long iterationsPerRun) implements Budget {
            @Override
            public String toString() {
                return String.format(Locale.ROOT, "budget the host time of a full sweep (%s of %s per cell),"
                        + " priced by the runs as they finish", Count.of(runsPerCell, "run"),
                        Count.of(iterationsPerRun, "iteration"));
            }

            @Override
            public double share(Used used) {
                throw new IllegalStateException("a full sweep's host time is known once priced");
            }

            @Override
            public Budget priced(CellCost cost) {
                double seconds = 0;
                for (int c = 0; c < cost.perIteration().length; c++) {
                    seconds += runsPerCell * cost.seconds(c, iterationsPerRun);
                }
                return new HostTime(Duration.ofMillis(Math.round(seconds * 1000)));
            }
        }

        /** The share of the budget spent. */
        double share(Used used);

        /** The budget in iterations or host time, as the runs so far price the matrix's cells. */
        default Budget priced(CellCost cost) {
            return this;
        }

        /** The budget and the share of it spent, in words. */
        default String spent(Used used) {
            return String.format(Locale.ROOT, "%s, %.0f%% spent", this, 100 * share(used));
        }

        default long iterationsLeft(Used used) {
            return this instanceof Iterations i ? Math.max(0, i.iterations() - used.iterations()) : Long.MAX_VALUE;
        }

        default double secondsLeft(Used used) {
            return this instanceof HostTime t ? Math.max(0, t.time().toMillis() / 1000.0 - used.hostSeconds())
                    : Double.POSITIVE_INFINITY;
        }

        default boolean isSpent(Used used) {
            return iterationsLeft(used) == 0 || secondsLeft(used) <= 0;
        }
    }

    /** What the hunt has spent: iterations of every finished run, and their host time. */
    public record Used(long iterations, double hostSeconds) {
    }

    /** The next step: a round to run, or the reason to stop; with the belief it was decided on. */
    public sealed interface Step {
        Belief belief();
    }

    public record Round(Kind kind, List<Pick> picks, Belief belief) implements Step {
    }

    public record Stopped(HuntLog.Stop reason, Belief belief) implements Step {
    }

    /**
     * @param screenIterations iterations of each screening run
     * @param maxRunSeconds    the most host time one run may be given (half the run timeout)
     */
    public record Settings(double confidence, Budget budget, long screenIterations, long seed, Slots slots,
                           double maxRunSeconds) {
    }

    /** The share of the host time spent so far that a last look gets. */
    static final double LOOK_SHARE = 0.15;

    private final Settings settings;

    public Hunt(Settings settings) {
        this.settings = settings;
    }

    /**
     * The next step.
     *
     * @param done     the kinds of the rounds run so far, in order
     * @param runnable cells that may run (not left out by the preflight, not hanging again and again)
     */
    public Step next(Design design, CellCost cost, List<Kind> done, BitSet runnable, Used used) {
        Belief belief = Belief.of(design, settings.confidence());
        if (runnable.isEmpty()) {
            return new Stopped(HuntLog.Stop.NOTHING_TO_RUN, belief);
        }
        Chooser chooser = new Chooser(design, cost, settings.slots(), settings.maxRunSeconds());
        Budget budget = settings.budget().priced(cost);
        long iterationsLeft = budget.iterationsLeft(used);
        double secondsLeft = budget.secondsLeft(used);
        if (!done.contains(Kind.SCREEN)) {
            return new Round(Kind.SCREEN, screen(design, cost, runnable), belief);
        }
        if (budget.isSpent(used)) {
            return new Stopped(belief.settled() ? HuntLog.Stop.SETTLED : HuntLog.Stop.BUDGET_SPENT, belief);
        }
        if (belief.settled()) {
            Belief.Leader leader = belief.leaders(1).get(0);
            List<Edges.Slice> untested = Edges.untested(design, leader, runnable);
            List<Pick> picks = untested.isEmpty() ? List.of()
                    : chooser.confirm(leader, untested, runnable, iterationsLeft, secondsLeft);
            if (!picks.isEmpty()) {
                return new Round(Kind.CONFIRM, picks, belief);
            }
            if (!done.isEmpty() && done.get(done.size() - 1) == Kind.LOOK) {
                return new Stopped(HuntLog.Stop.SETTLED, belief);
            }
            // A last look where the explanation says nothing happens: every pair of values among
            // the cells outside it, sharing a part of the time spent so far.
            BitSet outside = new BitSet();
            for (int c = runnable.nextSetBit(0); c >= 0; c = runnable.nextSetBit(c + 1)) {
                outside.set(c, leader.perIteration()[c] == 0);
            }
            List<Integer> cells = Screen.of(design, outside, settings.seed() + done.size());
            if (cells.isEmpty()) {
                return new Stopped(HuntLog.Stop.SETTLED, belief);
            }
            double perRun = Math.max(cost.perRun() * 2, LOOK_SHARE * used.hostSeconds() / cells.size());
            List<Pick> look = chooser.explore(cells, "pairs of values outside the explanation", perRun, iterationsLeft,
                    secondsLeft);
            return look.isEmpty() ? new Stopped(HuntLog.Stop.SETTLED, belief) : new Round(Kind.LOOK, look, belief);
        }
        if (!belief.leaders(1).isEmpty()) {
            List<Pick> picks = chooser.separate(belief, runnable, iterationsLeft, secondsLeft);
            if (!picks.isEmpty()) {
                return new Round(Kind.SEPARATE, picks, belief);
            }
        }
        double screenRun = cost.seconds(median(cost, runnable), settings.screenIterations());
        long covered = done.stream().filter(k -> k == Kind.COVER).count();
        List<Pick> cover = cover(design, chooser, runnable, settings.seed() + covered + 1, screenRun, iterationsLeft,
                secondsLeft);
        if (!cover.isEmpty()) {
            return new Round(Kind.COVER, cover, belief);
        }
        long explored = done.stream().filter(k -> k == Kind.EXPLORE).count();
        double perRun = Math.min(settings.maxRunSeconds(), screenRun * Math.pow(2, explored + 1));
        // Longer runs climb too: a cause of three single values hides from every array of pairs.
        int strength = (int) Math.min(3 + explored, Math.max(3, Screen.varyingAxes(design)));
        List<Integer> cells = Screen.of(design, runnable, settings.seed() + explored + 1, strength, new BitSet());
        List<Pick> picks = chooser.explore(cells, strengthText(design, strength) + " not yet corrupt", perRun,
                iterationsLeft, secondsLeft);
        return new Round(Kind.EXPLORE, picks, belief);
    }

    /**
     * The cells never run that show the combinations of the lowest strength (three values, then
     * four, ...) that no run has shown, each given the screen's host time; none once every
     * runnable cell ran. At the strength of every varying axis a combination is a whole cell, so
     * while a cell never ran there is always one to cover.
     */
    private List<Pick> cover(Design design, Chooser chooser, BitSet runnable, long seed, double perRun,
                             long iterationsLeft, double secondsLeft) {
        BitSet ran = new BitSet();
        BitSet never = new BitSet();
        for (int c = 0; c < design.cells(); c++) {
            ran.set(c, design.n()[c] > 0);
            never.set(c, design.n()[c] == 0 && runnable.get(c));
        }
        if (never.isEmpty()) {
            return List.of();
        }
        int most = Math.max(3, Screen.varyingAxes(design));
        for (int strength = 3; strength <= most; strength++) {
            List<Integer> cells = Screen.of(design, never, seed, strength, ran);
            if (!cells.isEmpty()) {
                return chooser.explore(cells, strengthText(design, strength) + " no run has shown", perRun, iterationsLeft,
                        secondsLeft);
            }
        }
        return List.of();
    }

    /** Every pair of values once, or every cell when that is hardly more runs. */
    private List<Pick> screen(Design design, CellCost cost, BitSet runnable) {
        List<Integer> cells = Screen.of(design, runnable, settings.seed());
        if (runnable.cardinality() <= cells.size() * 3 / 2) {
            cells = runnable.stream().boxed().toList();
        }
        List<Pick> picks = new ArrayList<>();
        for (int c : cells) {
            picks.add(new Pick(c, settings.screenIterations(), cost.seconds(c, settings.screenIterations()), 0,
                    "screen: every pair of values once"));
        }
        return picks;
    }

    /** What a covering array of {@code strength} covers, in words. */
    private static String strengthText(Design design, int strength) {
        return strength >= Screen.varyingAxes(design) ? "cells" : "combinations of " + strength + " values";
    }

    /** The cell of median cost per iteration: the typical run. */
    private static int median(CellCost cost, BitSet cells) {
        List<Integer> sorted = new ArrayList<>(cells.stream().boxed().toList());
        sorted.sort(java.util.Comparator.comparingDouble(c -> cost.perIteration()[c]));
        return sorted.get(sorted.size() / 2);
    }
}
