package bitbisect.bench;

import bitbisect.bench.Truth.Family;
import bitbisect.bench.Truth.Score;
import bitbisect.runner.analysis.Analysis;
import bitbisect.runner.analysis.Belief;
import bitbisect.runner.analysis.Design;
import bitbisect.runner.analysis.Findings;
import bitbisect.runner.bisect.CellCost;
import bitbisect.runner.bisect.Hunt;
import bitbisect.runner.bisect.Pick;
import bitbisect.runner.bisect.Slots;
import bitbisect.runner.store.HuntLog.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The hunt ({@code bitbisect bisect}) against full sweeps and an oracle, on truths whose answer
 * is known ({@link Truth}: random matrices and needles, and fleet-shaped matrices with hosts
 * carrying labels). Every method spends simulated host time: a run costs {@value #PER_RUN} s plus,
 * per iteration, its size written and read back at 400 MB/s.
 * <ul>
 *   <li><b>sweep</b>: every cell 5 iterations, then every cell as many again (10, 20, ... 640
 *       per cell), the report read after each pass, until its verdict is settled at 95%;</li>
 *   <li><b>sweep at N</b> (fleet truths): every cell once at the matrix's own iterations, what
 *       {@code bitbisect sweep} runs;</li>
 *   <li><b>bisect</b>: the real hunt rule ({@link Hunt}), one run per host at a time (random
 *       truths: 8 hosts, cells dealt round; fleet truths: each cell on its own host). Random truths:
 *       screen at 5 iterations, budget the doubling sweep's most host time (all 8 passes). Fleet
 *       truths: the command's defaults, screen at the matrix's iterations and a budget of what the
 *       sweep at N runs;</li>
 *   <li><b>oracle</b>: what a hunter who knew the truth would spend ({@link Oracle}).</li>
 * </ul>
 * Scored as the attribution benchmark scores a report: right, wrong blame, narrow, or
 * undecided. <b>False all-clear</b>: the hunt ended without seeing any corruption where a full
 * sweep of its budget would have seen some with a chance of at least 95% (computed from the
 * true rates). Needles are run once more with the host time the doubling sweep spent as budget.
 *
 * <p>Usage: {@code java -cp runner/target/bitbisect.jar:bench/target/classes
 * bitbisect.bench.BisectVsSweep [TRUTHS] [SEED] [NEEDLES] [FLEET]}: TRUTHS random truths, NEEDLES
 * needles, FLEET truths of each fleet family. {@code -Ddebug=true} prints each miss of the hunt,
 * {@code -Donly=I} runs truth I alone.
 */
public final class BisectVsSweep {

    private static final double PER_RUN = 1.0;
    private static final double BYTES_PER_SECOND = 400e6;
    private static final long FIRST_PASS = 5;
    private static final long MOST_PER_CELL = 640;
    private static final int HOSTS = 8;
    /** Passes of the sweep from 5 to 640 iterations per cell. */
    private static final int PASSES = 8;

    private BisectVsSweep() {
    }

    /** How one method did on one truth: its score, host seconds and iterations spent, rounds or passes. */
    private record Result(Score score, double hostSeconds, long iterations, int rounds, boolean sawCorruption,
                          Map<Kind, Double> spent) {
    }

    /**
     * {@code own}: the sweep at the matrix's own iterations (fleet truths, else null); {@code tight}:
     * the hunt with the doubling sweep's host time as budget (needles, else null); {@code oracle}:
     * its host seconds (NaN: none found); {@code sure}: a full sweep of the hunt's budget sees
     * corruption with a chance of at least 95%.
     */
    private record Outcome(Truth truth, Result sweep, Result own, Result bisect, Result tight, double oracle,
                           boolean sure) {

        boolean falseAllClear() {
            return sure && !bisect.sawCorruption();
        }

        /** The sweep the hunt's host time is weighed against: the matrix's own for fleets, the doubling one else. */
        Result yardstick() {
            return own != null ? own : sweep;
        }
    }

    public static void main(String[] args) {
        int truths = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261130L;
        int needles = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int fleet = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        long started = System.nanoTime();
        int only = Integer.getInteger("only", -1);
        List<Family> fleets = Arrays.stream(Family.values()).filter(Family::fleet).toList();
        int total = truths + needles + fleet * fleets.size();
        List<Outcome> outcomes = IntStream.range(0, total).filter(i -> only < 0 || i == only).parallel()
                .mapToObj(i -> simulate(i, truths, needles, fleet, fleets, seed)).toList();
        System.out.printf(Locale.ROOT, "bisect vs full sweep: %d random truths, %d needles, %d of each fleet family"
                + " (seed %d), %.0f s%n", truths, needles, fleet, seed, (System.nanoTime() - started) / 1e9);
        Map<Kind, Double> spent = new EnumMap<>(Kind.class);
        outcomes.forEach(o -> o.bisect().spent().forEach((k, v) -> spent.merge(k, v, Double::sum)));
        double all = spent.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.println("bisect host time by kind of round: " + spent.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey().label(), 100 * e.getValue() / all)).toList());
        System.out.printf(Locale.ROOT, "%-26s %6s | %6s %6s %6s %9s | %12s %12s %8s%n", "", "truths", "right",
                "wrong", "narrow", "undecided", "host-s (med)", "iters (med)", "rounds");
        for (Family family : Family.values()) {
            List<Outcome> of = outcomes.stream().filter(o -> o.truth().family == family).toList();
            group(family, family.label(), of);
            if (family == Family.RANDOM) {
                group(family, "random, one cause", of.stream().filter(o -> !o.truth().twoCauses).toList());
                group(family, "random, two causes", of.stream().filter(o -> o.truth().twoCauses).toList());
            }
        }
    }

    /** One group's lines: each method's scores, then the hunt's host time against the sweep and the oracle. */
    private static void group(Family family, String group, List<Outcome> in) {
        if (in.isEmpty()) {
            return;
        }
        print(group + ", sweep", in.stream().map(Outcome::sweep).toList());
        if (family.fleet()) {
            print(group + ", sweep at N", in.stream().map(Outcome::own).toList());
        }
        print(group + ", bisect", in.stream().map(Outcome::bisect).toList());
        if (family == Family.NEEDLE) {
            print(group + ", bisect at S", in.stream().map(Outcome::tight).toList());
        }
        double[] bySweep = in.stream().mapToDouble(o -> o.bisect().hostSeconds() / o.yardstick().hostSeconds())
                .sorted().toArray();
        double[] whereSweepRight = in.stream().filter(o -> o.yardstick().score() == Score.RIGHT)
                .mapToDouble(o -> o.bisect().hostSeconds() / o.yardstick().hostSeconds()).sorted().toArray();
        double[] byOracle = in.stream().filter(o -> !Double.isNaN(o.oracle()) && o.bisect().score() == Score.RIGHT)
                .mapToDouble(o -> o.bisect().hostSeconds() / o.oracle()).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-26s %6d | bisect / %s host time: median %.3f, p90 %.3f, median where"
                        + " that sweep is right %s (%d); bisect / oracle: median %s (%d where the hunt is right);"
                        + " false all-clear %d%n", group + ", ratios", in.size(),
                family.fleet() ? "sweep at N" : "sweep", bySweep[bySweep.length / 2],
                bySweep[(int) (bySweep.length * 0.9)], medianText(whereSweepRight), whereSweepRight.length,
                medianText(byOracle), byOracle.length, in.stream().filter(Outcome::falseAllClear).count());
    }

    private static Outcome simulate(int i, int truths, int needles, int fleet, List<Family> fleets, long seed) {
        SplittableRandom r;
        Truth truth;
        // each family from seeds of its own: one family's truths are the same whatever the others' counts
        if (i < truths) {
            r = new SplittableRandom(seed * 1_000_003L + i);
            truth = Truth.random(r, 400, false);
        } else if (i < truths + needles) {
            r = new SplittableRandom(~(seed * 1_000_003L + i));
            truth = Truth.random(r, 400, true);
        } else {
            int j = i - truths - needles;
            Family family = fleets.get(j / fleet);
            r = new SplittableRandom((seed + 1 + family.ordinal()) * 7_000_003L + j % fleet);
            truth = Truth.fleet(r, family);
        }
        long runSeed = r.nextLong();
        double[] per = perIteration(truth);
        Result sweep = sweep(truth, new SplittableRandom(runSeed));
        Result own = truth.family.fleet() ? sweepAt(truth, truth.iterations, new SplittableRandom(runSeed)) : null;
        Hunt.Budget budget;
        long screen;
        int[] hostOf;
        double reach;
        if (truth.family.fleet()) {
            budget = new Hunt.Budget.FullSweep(1, truth.iterations);
            screen = Math.max(1, truth.iterations / Integer.getInteger("div", 1));
            hostOf = truth.hostOf;
            reach = truth.iterations;
        } else {
            budget = new Hunt.Budget.HostTime(Duration.ofMillis((long) (mostSeconds(truth) * 1000)));
            screen = FIRST_PASS;
            hostOf = IntStream.range(0, truth.cells()).map(c -> c % HOSTS).toArray();
            reach = MOST_PER_CELL;
        }
        Result bisect = bisect(truth, new SplittableRandom(runSeed), runSeed, budget, screen, hostOf);
        Result tight = truth.family == Family.NEEDLE ? bisect(truth, new SplittableRandom(runSeed), runSeed,
                new Hunt.Budget.HostTime(Duration.ofMillis((long) (sweep.hostSeconds() * 1000))), screen, hostOf) : null;
        double oracle = Oracle.hostSeconds(truth, PER_RUN, per, new SplittableRandom(runSeed));
        return new Outcome(truth, sweep, own, bisect, tight, oracle, seenChance(truth, reach) >= 0.95);
    }

    /** The chance a full sweep of {@code iterations} per cell sees at least one corrupt iteration. */
    private static double seenChance(Truth truth, double iterations) {
        double logClean = 0;
        for (int c = 0; c < truth.cells(); c++) {
            logClean += iterations * Math.log1p(-truth.corruptChance(c));
        }
        return -Math.expm1(logClean);
    }

    private static void print(String label, List<Result> in) {
        System.out.printf(Locale.ROOT, "%-26s %6d | %5.1f%% %5.1f%% %5.1f%% %8.1f%% | %12.0f %12d %8d%n", label,
                in.size(), pct(in, Score.RIGHT), pct(in, Score.WRONG_BLAME), pct(in, Score.NARROW),
                pct(in, Score.UNDECIDED), median(in.stream().mapToDouble(Result::hostSeconds).toArray()),
                (long) median(in.stream().mapToDouble(Result::iterations).toArray()),
                (long) median(in.stream().mapToDouble(Result::rounds).toArray()));
    }

    private static String medianText(double[] sorted) {
        return sorted.length == 0 ? "-" : String.format(Locale.ROOT, "%.3f", sorted[sorted.length / 2]);
    }

    private static double pct(List<Result> in, Score s) {
        return 100.0 * in.stream().filter(r -> r.score() == s).count() / in.size();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double[] perIteration(Truth t) {
        double[] per = new double[t.cells()];
        for (int c = 0; c < per.length; c++) {
            per[c] = 2.0 * 8 * t.words[c] / BYTES_PER_SECOND;
        }
        return per;
    }

    /** Evidence of the simulated store: iterations and corrupt ones per cell. */
    private static final class Store {
        final Truth truth;
        final long[] n;
        final long[] k;
        final long[] words;

        Store(Truth truth) {
            this.truth = truth;
            n = new long[truth.cells()];
            k = new long[truth.cells()];
            words = new long[truth.cells()];
        }

        void run(SplittableRandom r, int c, long iterations) {
            long[] hits = new long[2];
            truth.run(r, c, iterations, hits);
            n[c] += iterations;
            k[c] += hits[0];
            words[c] += hits[1];
        }

        Design design() {
            return new Design(truth.axes, truth.ids(), truth.at, n.clone(), k.clone(), new long[n.length], truth.words,
                    words.clone());
        }

        boolean sawCorruption() {
            return Arrays.stream(k).anyMatch(x -> x > 0);
        }
    }

    private static Result sweep(Truth truth, SplittableRandom r) {
        Store store = new Store(truth);
        double[] per = perIteration(truth);
        double seconds = 0;
        long iterations = 0;
        int passes = 0;
        for (long total = FIRST_PASS; total <= MOST_PER_CELL; total *= 2) {
            long add = passes == 0 ? FIRST_PASS : total / 2;
            for (int c = 0; c < truth.cells(); c++) {
                store.run(r, c, add);
                seconds += PER_RUN + add * per[c];
                iterations += add;
            }
            passes++;
            if (Belief.of(store.design(), 0.95).settled()) {
                break;
            }
        }
        return new Result(score(truth, store.design()), seconds, iterations, passes, store.sawCorruption(), Map.of());
    }

    /** Every cell once at {@code each} iterations: {@code bitbisect sweep} of the matrix. */
    private static Result sweepAt(Truth truth, long each, SplittableRandom r) {
        Store store = new Store(truth);
        double[] per = perIteration(truth);
        double seconds = 0;
        for (int c = 0; c < truth.cells(); c++) {
            store.run(r, c, each);
            seconds += PER_RUN + each * per[c];
        }
        return new Result(score(truth, store.design()), seconds, each * truth.cells(), 1, store.sawCorruption(), Map.of());
    }

    /** The host time of the sweep's every pass: the hunt's budget. */
    private static double mostSeconds(Truth truth) {
        double most = 0;
        double[] per = perIteration(truth);
        for (int c = 0; c < truth.cells(); c++) {
            most += MOST_PER_CELL * per[c] + PER_RUN * PASSES;
        }
        return most;
    }

    private static Result bisect(Truth truth, SplittableRandom r, long seed, Hunt.Budget budget, long screen,
                                 int[] hostOf) {
        Store store = new Store(truth);
        int hosts = Arrays.stream(hostOf).max().orElse(0) + 1;
        Hunt hunt = new Hunt(new Hunt.Settings(0.95, budget, screen, seed, new Slots(hostOf, 1, hosts), 3600));
        CellCost cost = new CellCost(PER_RUN, perIteration(truth));
        BitSet runnable = new BitSet();
        runnable.set(0, truth.cells());
        List<Kind> done = new ArrayList<>();
        Map<Kind, Double> spent = new EnumMap<>(Kind.class);
        double seconds = 0;
        long iterations = 0;
        String stop = "";
        while (done.size() < 500) {
            Hunt.Step step = hunt.next(store.design(), cost, done, runnable, new Hunt.Used(iterations, seconds));
            if (!(step instanceof Hunt.Round round)) {
                stop = step.toString();
                break;
            }
            for (Pick p : round.picks()) {
                store.run(r, p.cell(), p.iterations());
                spent.merge(round.kind(), cost.seconds(p.cell(), p.iterations()), Double::sum);
                seconds += cost.seconds(p.cell(), p.iterations());
                iterations += p.iterations();
            }
            done.add(round.kind());
        }
        Score score = score(truth, store.design());
        if (score != Score.RIGHT && Boolean.getBoolean("debug")) {
            Findings f = Analysis.analyse(store.design(), "sim", List.of(), (cell, more) -> "");
            synchronized (BisectVsSweep.class) {
                System.out.println(truth.family.label() + ": " + score + " " + f.verdict() + " truth: " + truth.describe()
                        + " claimed " + f.explanations().stream().map(Findings.Explanation::text).toList() + " rounds "
                        + done + " corrupt cells " + store.design().corruptCells().cardinality() + " guilty "
                        + truth.guilty().cardinality() + "/" + truth.cells() + " stop " + stop);
            }
        }
        return new Result(score, seconds, iterations, done.size(), store.sawCorruption(), spent);
    }

    private static Score score(Truth truth, Design design) {
        Findings f = Analysis.analyse(design, "sim", List.of(), (cell, more) -> "");
        return truth.score(f, design);
    }
}
