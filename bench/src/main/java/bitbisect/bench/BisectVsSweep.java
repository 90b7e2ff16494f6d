package bitbisect.bench;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The hunt ({@code bitbisect bisect}) against a full factorial sweep, on random truths whose
 * answer is known ({@link Truth}, at most 400 cells). Both spend simulated host time: a run costs
 * {@value #PER_RUN} s plus, per iteration, its size written and read back at 400 MB/s.
 * <ul>
 *   <li><b>sweep</b>: every cell 5 iterations, then every cell as many again (10, 20, ... 640
 *       per cell), the report read after each pass, until its verdict is settled at 95%;</li>
 *   <li><b>bisect</b>: the real hunt rule ({@link Hunt}) on 8 hosts, one run each at a time,
 *       screening at 5 iterations, with a budget of the sweep's most host time (all 8 passes).</li>
 * </ul>
 * Scored as the attribution benchmark scores a report: right, wrong blame, narrow, or
 * undecided (the budget ran out before a settled verdict). Beside the random truths, NEEDLES
 * needles ({@link Truth}: a cause of three single values) are drawn from their own seeds and
 * shown apart; "false all-clear" counts the truths where the hunt ended without seeing any
 * corruption while the sweep saw some.
 *
 * <p>Usage: {@code java -cp runner/target/bitbisect.jar:bench/target/classes
 * bitbisect.bench.BisectVsSweep [TRUTHS] [SEED] [NEEDLES]}; {@code -Ddebug=true} prints every truth and each
 * miss of the hunt, {@code -Donly=I} runs truth I alone.
 */
public final class BisectVsSweep {

    private static final double PER_RUN = 1.0;
    private static final double BYTES_PER_SECOND = 400e6;
    private static final long FIRST_PASS = 5;
    private static final long MOST_PER_CELL = 640;
    private static final int HOSTS = 8;
    /** Passes of the sweep from 5 to 640 iterations per cell. */
    private static final int PASSES = 8;

    /** Host seconds by kind of round, over every truth. */
    private static final java.util.concurrent.ConcurrentHashMap<Kind, Double> SPENT = new java.util.concurrent.ConcurrentHashMap<>();

    private BisectVsSweep() {
    }

    /** How one method did on one truth: its score, host seconds and iterations spent, rounds or passes. */
    private record Result(Score score, double hostSeconds, long iterations, int rounds, boolean sawCorruption) {
    }

    /** {@code tight}: the hunt again with the host time the sweep spent as its budget (needles only, else null). */
    private record Outcome(Truth truth, boolean needle, Result sweep, Result bisect, Result tight) {

        /** The hunt saw no corruption at all where the sweep saw some. */
        boolean falseAllClear() {
            return sweep.sawCorruption() && !bisect.sawCorruption();
        }
    }

    public static void main(String[] args) {
        int truths = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261130L;
        int needles = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        long started = System.nanoTime();
        int only = Integer.getInteger("only", -1);
        List<Outcome> outcomes = IntStream.range(0, truths + needles).filter(i -> only < 0 || i == only).parallel()
                .mapToObj(i -> {
                    boolean needle = i >= truths;
                    // needles from seeds of their own: the random truths are the same with or without them
                    SplittableRandom r = new SplittableRandom(needle ? ~(seed * 1_000_003L + i) : seed * 1_000_003L + i);
                    Truth truth = new Truth(r, 400, needle);
                    long runSeed = r.nextLong();
                    Result sweep = sweep(truth, new SplittableRandom(runSeed));
                    return new Outcome(truth, needle, sweep, bisect(truth, new SplittableRandom(runSeed), runSeed, mostSeconds(truth)),
                            needle ? bisect(truth, new SplittableRandom(runSeed), runSeed, sweep.hostSeconds()) : null);
                }).toList();
        System.out.printf(Locale.ROOT, "bisect vs full sweep: %d random truths (seed %d) and %d needles, %.0f s%n", truths,
                seed, needles, (System.nanoTime() - started) / 1e9);
        System.out.printf(Locale.ROOT, "%-22s %6s | %6s %6s %6s %9s | %12s %12s %8s%n", "", "truths", "right",
                "wrong", "narrow", "undecided", "host-s (med)", "iters (med)", "rounds");
        if (Boolean.getBoolean("debug")) {
            outcomes.forEach(o -> System.out.printf(Locale.ROOT, "cells %4d two %-5s sweep %-11s %7.0f s  bisect %-11s %7.0f s (%d rounds) ratio %.2f%n",
                    o.truth().cells(), o.truth().twoCauses, o.sweep().score(), o.sweep().hostSeconds(), o.bisect().score(),
                    o.bisect().hostSeconds(), o.bisect().rounds(), o.bisect().hostSeconds() / o.sweep().hostSeconds()));
        }
        double total = SPENT.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.println("bisect host time by kind of round: " + SPENT.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey().label(), 100 * e.getValue() / total)).toList());
        for (String group : List.of("all", "sweep settled", "one cause", "two causes", "needles")) {
            List<Outcome> in = outcomes.stream().filter(o -> switch (group) {
                case "sweep settled" -> !o.needle() && o.sweep().score() != Score.UNDECIDED;
                case "one cause" -> !o.needle() && !o.truth().twoCauses;
                case "two causes" -> !o.needle() && o.truth().twoCauses;
                case "needles" -> o.needle();
                default -> !o.needle();
            }).toList();
            if (in.isEmpty()) {
                continue;
            }
            print(group + ", sweep", in.stream().map(Outcome::sweep).toList());
            print(group + ", bisect", in.stream().map(Outcome::bisect).toList());
            if (group.equals("needles")) {
                print(group + ", bisect at S", in.stream().map(Outcome::tight).toList());
                System.out.printf(Locale.ROOT, "%-22s %6d | with the sweep's own host time S as budget: false all-clear %d%n",
                        group + ", bisect at S", in.size(), in.stream()
                                .filter(o -> o.sweep().sawCorruption() && !o.tight().sawCorruption()).count());
            }
            double[] ratios = in.stream().mapToDouble(o -> o.bisect().hostSeconds() / o.sweep().hostSeconds()).sorted()
                    .toArray();
            System.out.printf(Locale.ROOT, "%-22s %6d | bisect host time / sweep host time: median %.3f, p90 %.3f;"
                    + " false all-clear %d%n", group + ", ratio", in.size(), ratios[ratios.length / 2],
                    ratios[(int) (ratios.length * 0.9)], in.stream().filter(Outcome::falseAllClear).count());
        }
    }

    private static void print(String label, List<Result> in) {
        System.out.printf(Locale.ROOT, "%-22s %6d | %5.1f%% %5.1f%% %5.1f%% %8.1f%% | %12.0f %12d %8d%n", label,
                in.size(), pct(in, Score.RIGHT), pct(in, Score.WRONG_BLAME), pct(in, Score.NARROW),
                pct(in, Score.UNDECIDED), median(in.stream().mapToDouble(Result::hostSeconds).toArray()),
                (long) median(in.stream().mapToDouble(Result::iterations).toArray()),
                (long) median(in.stream().mapToDouble(Result::rounds).toArray()));
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
        return new Result(score(truth, store.design()), seconds, iterations, passes, sawCorruption(store));
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

    private static Result bisect(Truth truth, SplittableRandom r, long seed, double budgetSeconds) {
        Store store = new Store(truth);
        int[] hostOf = new int[truth.cells()];
        for (int c = 0; c < hostOf.length; c++) {
            hostOf[c] = c % HOSTS;
        }
        Hunt hunt = new Hunt(new Hunt.Settings(0.95, new Hunt.Budget.HostTime(java.time.Duration.ofMillis((long) (budgetSeconds * 1000))),
                FIRST_PASS, seed, new Slots(hostOf, 1, HOSTS), 3600));
        CellCost cost = new CellCost(PER_RUN, perIteration(truth));
        BitSet runnable = new BitSet();
        runnable.set(0, truth.cells());
        List<Kind> done = new ArrayList<>();
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
                SPENT.merge(round.kind(), cost.seconds(p.cell(), p.iterations()), Double::sum);
                seconds += cost.seconds(p.cell(), p.iterations());
                iterations += p.iterations();
            }
            done.add(round.kind());
        }
        Score score = score(truth, store.design());
        if (score != Score.RIGHT && Boolean.getBoolean("debug")) {
            Findings f = Analysis.analyse(store.design(), "sim", List.of(), (cell, more) -> "");
            synchronized (BisectVsSweep.class) {
                System.out.println(score + " " + f.verdict() + " truth: " + truth.describe() + " rates " + truth.rate1
                        + "/" + truth.rate2 + " claimed " + f.explanations().stream().map(Findings.Explanation::text)
                        .toList() + " rounds " + done + " corrupt cells " + store.design().corruptCells().cardinality()
                        + " guilty " + truth.guilty().cardinality() + "/" + truth.cells() + " stop " + stop);
            }
        }
        return new Result(score, seconds, iterations, done.size(), sawCorruption(store));
    }

    private static boolean sawCorruption(Store store) {
        return Arrays.stream(store.k).anyMatch(k -> k > 0);
    }

    private static Score score(Truth truth, Design design) {
        Findings f = Analysis.analyse(design, "sim", List.of(), (cell, more) -> "");
        return truth.score(f, design);
    }
}
