package bitbisect.runner.bisect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.analysis.Belief;
import bitbisect.runner.analysis.Design;
import bitbisect.runner.store.HuntLog.Kind;
import bitbisect.runner.store.HuntLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HuntTest {

    private static final double PER_ITERATION = 0.01;

    /** Eight hosts, one run each at a time; cell c on host c % 8. */
    private static Slots slots(int cells) {
        int[] hostOf = new int[cells];
        for (int c = 0; c < cells; c++) {
            hostOf[c] = c % 8;
        }
        return new Slots(hostOf, 1, 8);
    }

    private static BitSet all(Design d) {
        BitSet s = new BitSet();
        s.set(0, d.cells());
        return s;
    }

    @Test
    void theInformationOfARunThatSettlesAFairCoinIsOneBit() {
        Belief.Leader hit = new Belief.Leader("a", 0.5, new double[] {1.0}, List.of(), null, new double[] {1});
        Belief.Leader miss = new Belief.Leader("b", 0.5, new double[] {0.0}, List.of(), null, new double[] {0});
        assertEquals(Math.log(2), Chooser.information(List.of(hit, miss), 1.0, 0, 1), 1e-12);
        assertEquals(0, Chooser.information(List.of(hit), 0.5, 0, 3), 1e-12, "one explanation: nothing to learn");
    }

    @Test
    void theDefaultBudgetIsAFullSweepsHostTimeAsTheRunsPriceIt() {
        Hunt.Budget sweep = new Hunt.Budget.FullSweep(2, 10);
        // 2 runs of 10 iterations per cell: 2 x (1 + 10 x 0.5) + 2 x (1 + 10 x 0.25) = 19 s
        Hunt.Budget priced = sweep.priced(new CellCost(1.0, new double[] {0.5, 0.25}));

        assertEquals(new Hunt.Budget.HostTime(java.time.Duration.ofSeconds(19)), priced);
        assertEquals("budget 19 s of host time, 50% spent", priced.spent(new Hunt.Used(1_000_000, 9.5)));
        assertEquals("budget the host time of a full sweep (2 runs of 10 iterations per cell), priced by the runs"
                + " as they finish", sweep.toString());
    }

    @Test
    void theFirstRoundScreensAndTheHuntFindsACauseOfTwoConditionsInLessHostTimeThanASweep() {
        // 4 x 4 x 3 x 2 = 96 cells; the cause: a0=v1 AND a2=v0, each iteration there hit with p = 0.3.
        Design d = Designs.factorial(1, 4, 4, 3, 2);
        BitSet guilty = new BitSet();
        for (int c = 0; c < d.cells(); c++) {
            guilty.set(c, d.at()[c][0] == 1 && d.at()[c][2] == 0);
        }
        double[] per = new double[d.cells()];
        java.util.Arrays.fill(per, PER_ITERATION);
        CellCost cost = new CellCost(1.0, per);
        Hunt hunt = new Hunt(new Hunt.Settings(0.95, new Hunt.Budget.Iterations(96 * 40), 3, 5, slots(d.cells()), 600));
        SplittableRandom r = new SplittableRandom(11);
        List<Kind> done = new ArrayList<>();
        long iterations = 0;
        double seconds = 0;
        Hunt.Step step;
        while ((step = hunt.next(d, cost, done, all(d), new Hunt.Used(iterations, seconds))) instanceof Hunt.Round round) {
            if (done.isEmpty()) {
                assertEquals(Kind.SCREEN, round.kind());
            }
            for (Pick p : round.picks()) {
                for (long i = 0; i < p.iterations(); i++) {
                    d.n()[p.cell()]++;
                    if (guilty.get(p.cell()) && r.nextDouble() < 0.3) {
                        d.k()[p.cell()]++;
                    }
                }
                iterations += p.iterations();
                seconds += cost.seconds(p.cell(), p.iterations());
            }
            done.add(round.kind());
            assertTrue(done.size() < 50, "the hunt ends");
        }
        Hunt.Stopped stopped = assertInstanceOf(Hunt.Stopped.class, step);
        assertEquals(HuntLog.Stop.SETTLED, stopped.reason(), done.toString());
        assertEquals("a0=v1 AND a2=v0", stopped.belief().leaders(1).get(0).text());
        assertTrue(done.contains(Kind.SEPARATE), done.toString());
        double sweep = sweepUntilSettled(guilty, 0.3, cost);
        assertTrue(seconds < sweep, "settled in " + seconds + " s of host time; a sweep: " + sweep + " s");
    }

    /** Host seconds of a sweep of the same truth whose iterations per cell double (5, 10, 20, ...) until settled. */
    private static double sweepUntilSettled(BitSet guilty, double p, CellCost cost) {
        Design d = Designs.factorial(1, 4, 4, 3, 2);
        SplittableRandom r = new SplittableRandom(12);
        double seconds = 0;
        for (long total = 5; total <= 640; total *= 2) {
            long add = total == 5 ? 5 : total / 2;
            for (int c = 0; c < d.cells(); c++) {
                for (long i = 0; i < add; i++) {
                    d.n()[c]++;
                    d.k()[c] += guilty.get(c) && r.nextDouble() < p ? 1 : 0;
                }
                seconds += cost.seconds(c, add);
            }
            if (Belief.of(d, 0.95).settled()) {
                return seconds;
            }
        }
        return seconds;
    }

    @Test
    void aSettledVerdictWhoseEdgeWasNeverRunIsConfirmedFirst() {
        // Corruption in every a0=v1 cell that ran; no a0=v1 cell with a1=v1 ran, so whether a1 is
        // part of the cause is untested: the hunt runs one of those before it stops.
        Design d = Designs.factorial(1, 5, 2, 5, 3);
        for (int c = 0; c < d.cells(); c++) {
            boolean untested = d.at()[c][0] == 1 && d.at()[c][1] == 1;
            d.n()[c] = untested ? 0 : 40;
            d.k()[c] = d.at()[c][0] == 1 && !untested ? 20 : 0;
        }
        double[] per = new double[d.cells()];
        java.util.Arrays.fill(per, PER_ITERATION);
        Hunt hunt = new Hunt(new Hunt.Settings(0.95, new Hunt.Budget.HostTime(Duration.ofHours(1)), 3, 5,
                slots(d.cells()), 600));
        Hunt.Step step = hunt.next(d, new CellCost(1.0, per), List.of(Kind.SCREEN), all(d), new Hunt.Used(240, 10));
        assertTrue(step.belief().settled(), step.belief().verdict() + " " + step.belief().leaders(3).stream()
                .map(l -> l.text() + "=" + l.support()).toList());
        assertEquals("a0=v1", step.belief().leaders(1).get(0).text());
        Hunt.Round round = assertInstanceOf(Hunt.Round.class, step);
        assertEquals(Kind.CONFIRM, round.kind());
        assertTrue(round.picks().stream().anyMatch(p -> d.at()[p.cell()][0] == 1 && d.at()[p.cell()][1] == 1),
                round.picks().toString());
    }

    @Test
    void aSpentBudgetStopsTheHunt() {
        Design d = Designs.factorial(1, 2, 2);
        double[] per = new double[d.cells()];
        java.util.Arrays.fill(per, PER_ITERATION);
        Hunt hunt = new Hunt(new Hunt.Settings(0.95, new Hunt.Budget.Iterations(12), 3, 5, slots(d.cells()), 600));
        java.util.Arrays.fill(d.n(), 3);
        Hunt.Step step = hunt.next(d, new CellCost(1.0, per), List.of(Kind.SCREEN), all(d), new Hunt.Used(12, 4));
        assertEquals(HuntLog.Stop.BUDGET_SPENT, assertInstanceOf(Hunt.Stopped.class, step).reason());
    }

    /**
     * A cause of three single values hides from every array of pairs: with no corruption yet,
     * the hunt runs every cell at the screen's length (climbing through triples) before any run
     * grows longer, and a cause in any one cell is met.
     */
    @Test
    void withNoCorruptionEveryCellRunsBeforeAnyRunGrowsLonger() {
        Design d = Designs.factorial(1, 3, 3, 3, 3);
        double[] per = new double[d.cells()];
        java.util.Arrays.fill(per, PER_ITERATION);
        CellCost cost = new CellCost(1.0, per);
        Hunt hunt = new Hunt(new Hunt.Settings(0.95, new Hunt.Budget.HostTime(Duration.ofHours(1)), 3, 5,
                slots(d.cells()), 600));
        List<Kind> done = new ArrayList<>();
        long screenLength = 0;
        while (java.util.Arrays.stream(d.n()).anyMatch(n -> n == 0)) {
            Hunt.Round round = (Hunt.Round) hunt.next(d, cost, done, all(d), new Hunt.Used(0, 0));
            assertTrue(done.isEmpty() ? round.kind() == Kind.SCREEN : round.kind() == Kind.COVER, round.kind() + " " + done);
            for (Pick p : round.picks()) {
                screenLength = Math.max(screenLength, p.iterations());
                assertTrue(p.iterations() <= screenLength, "no run longer than the screen's: " + p);
                d.n()[p.cell()] += p.iterations();
            }
            done.add(round.kind());
            assertTrue(done.size() <= 6, "every one of 81 cells in a few rounds: " + done);
        }
        assertEquals(Kind.COVER, done.get(1));
        Hunt.Round next = (Hunt.Round) hunt.next(d, cost, done, all(d), new Hunt.Used(0, 0));
        assertEquals(Kind.EXPLORE, next.kind(), "every cell ran: runs grow now");
    }

    @Test
    void withNoCorruptionTheHuntExploresWithLongerRunsEachRound() {
        Design d = Designs.factorial(1, 3, 3);
        java.util.Arrays.fill(d.n(), 3);
        double[] per = new double[d.cells()];
        java.util.Arrays.fill(per, 0.25); // slow iterations: the host time given, not the growth cap, sets n
        Hunt hunt = new Hunt(new Hunt.Settings(0.95, new Hunt.Budget.HostTime(Duration.ofHours(1)), 3, 5,
                slots(d.cells()), 600));
        CellCost cost = new CellCost(1.0, per);
        Hunt.Round first = (Hunt.Round) hunt.next(d, cost, List.of(Kind.SCREEN), all(d), new Hunt.Used(27, 10));
        Hunt.Round second = (Hunt.Round) hunt.next(d, cost, List.of(Kind.SCREEN, Kind.EXPLORE), all(d),
                new Hunt.Used(27, 10));
        assertEquals(Kind.EXPLORE, first.kind());
        assertTrue(second.picks().get(0).iterations() > first.picks().get(0).iterations(),
                first.picks() + " then " + second.picks());
    }
}
