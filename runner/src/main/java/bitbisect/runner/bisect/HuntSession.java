package bitbisect.runner.bisect;

import bitbisect.runner.analysis.Belief;
import bitbisect.runner.analysis.Design;
import bitbisect.runner.console.ConsoleProgress;
import bitbisect.runner.console.Terminal;
import bitbisect.runner.execute.Executor;
import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.store.HuntLog;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepData;
import bitbisect.runner.store.SweepRecord.PlannedRun;
import bitbisect.runner.sweep.HungMounts;
import bitbisect.runner.sweep.Sweep;
import bitbisect.writer.units.Count;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A hunt on real hosts: round after round, reads the sweep's store, asks {@link Hunt} what to run,
 * records the decision in bisect.jsonl before any of its runs start, and runs them as runs of the
 * sweep. Killed at any moment, the same command goes on: a round whose runs did not all finish
 * is completed first (its finished runs are kept), then the rule decides again from the store.
 * A hung or failed run is evidence only for what it verified before it failed; a cell with two
 * runs that did not finish and no evidence is not chosen again in this hunt.
 */
public final class HuntSession {

    /** A cell that ended inconclusive this often, with no evidence, is left out. */
    private static final int INCONCLUSIVE_LIMIT = 2;

    private final Matrix matrix;
    private final ResultsStore store;
    private final Executor executor;
    private final Hunt.Settings settings;
    private final Function<Cell, String> skip;
    private final PrintStream err;
    private final Terminal terminal;
    /** Mounts found hung, across the rounds: their cells are not chosen while they hang. */
    private final HungMounts mounts;

    /** {@code skip} gives the preflight's reason to leave a cell out, or null. */
    public HuntSession(Matrix matrix, ResultsStore store, Executor executor, Hunt.Settings settings,
                       Function<Cell, String> skip, PrintStream err, Terminal terminal) {
        this.matrix = matrix;
        this.store = store;
        this.executor = executor;
        this.settings = settings;
        this.skip = skip;
        this.err = err;
        this.terminal = terminal;
        this.mounts = new HungMounts(matrix, executor);
    }

    /** Slots of a matrix: each cell's host, per_host, parallel_hosts. */
    public static Slots slots(Matrix matrix) {
        List<String> hosts = matrix.hosts().stream().map(Matrix.Host::name).toList();
        int[] hostOf = matrix.cells().stream().mapToInt(c -> hosts.indexOf(c.host())).toArray();
        return new Slots(hostOf, matrix.run().perHost(), matrix.run().parallelHosts());
    }

    /** Runs rounds until the rule stops; returns why it stopped. */
    public Hunt.Stopped run() throws IOException, InterruptedException {
        Hunt hunt = new Hunt(settings);
        while (true) {
            List<HuntLog.Entry> log = store.hunt();
            HuntLog.Entry last = log.isEmpty() ? null : log.get(log.size() - 1);
            if (last != null && last.kind() != HuntLog.Kind.STOP) {
                // (runs of a mount found hung are left to the next hunt: the rule decides without them)
                List<PlannedRun> left = last.runs().stream().map(r -> new PlannedRun(r.cell(), r.run()))
                        .filter(r -> !store.isDone(r.cell(), r.run()))
                        .filter(r -> mounts.before(matrix.cell(r.cell()).orElseThrow()) == null).toList();
                if (!left.isEmpty()) {
                    err.printf("round %d: %s of its %d runs still to run (the hunt was stopped)%n", last.round(),
                            left.size(), last.runs().size());
                    runRound(last, left);
                    continue;
                }
            }
            SweepData data = SweepData.load(store.dir());
            Design design = Design.of(data);
            Hunt.Used used = used(data);
            List<HuntLog.Kind> kinds = log.stream().map(HuntLog.Entry::kind).filter(k -> k != HuntLog.Kind.STOP)
                    .toList();
            CellCost cost = cost(design, data);
            Hunt.Step step = hunt.next(design, cost, kinds, runnable(design), used);
            int round = kinds.size() + 1;
            if (step instanceof Hunt.Stopped stopped) {
                HuntLog.Entry entry = new HuntLog.Entry(round, Instant.now().toString(), HuntLog.Kind.STOP,
                        verdict(stopped.belief()), leading(stopped.belief()), List.of(), used.iterations(),
                        used.hostSeconds(), stopped.reason());
                if (last == null || last.kind() != HuntLog.Kind.STOP || last.reason() != entry.reason()
                        || last.usedIterations() != entry.usedIterations()) {
                    store.logHunt(entry);
                }
                return stopped;
            }
            Hunt.Round next = (Hunt.Round) step;
            List<HuntLog.ChosenRun> runs = new ArrayList<>();
            Map<String, Integer> runNumbers = new HashMap<>();
            for (Pick p : next.picks()) {
                String cell = design.cellIds().get(p.cell());
                int run = runNumbers.merge(cell, store.lastRun(cell) + 1, (a, b) -> a + 1);
                runs.add(new HuntLog.ChosenRun(cell, run, p.iterations(), p.seconds(), p.nats(), p.why()));
            }
            HuntLog.Entry entry = new HuntLog.Entry(round, Instant.now().toString(), next.kind(),
                    verdict(next.belief()), leading(next.belief()), runs, used.iterations(), used.hostSeconds(), null);
            store.logHunt(entry);
            err.println(roundLine(entry, settings.budget().priced(cost)));
            runRound(entry, runs.stream().map(r -> new PlannedRun(r.cell(), r.run())).toList());
        }
    }

    private void runRound(HuntLog.Entry entry, List<PlannedRun> runs) throws InterruptedException, IOException {
        Map<String, Long> iterations = new HashMap<>();
        entry.runs().forEach(r -> iterations.put(r.cell() + "#" + r.run(), r.iterations()));
        err.flush();
        try (ConsoleProgress progress = new ConsoleProgress(err, terminal, ConsoleProgress.countByHost(
                runs.stream().map(r -> matrix.cell(r.cell()).orElseThrow().host()).toList()))) {
            new Sweep(matrix, store, executor, progress).keepingHosts().watching(mounts).run(runs, r -> iterations.get(r.cell() + "#" + r.run()), skip);
        }
    }

    /** "round 3 (separate): 8 runs, 412 iterations, about 25 s of host time; leading: ...; spent ...". */
    private static String roundLine(HuntLog.Entry e, Hunt.Budget budget) {
        long iterations = e.runs().stream().mapToLong(HuntLog.ChosenRun::iterations).sum();
        double seconds = e.runs().stream().mapToDouble(HuntLog.ChosenRun::expectedSeconds).sum();
        String leading = e.leading().isEmpty() ? "no corruption yet"
                : String.join("; ", e.leading().stream().limit(2).map(l -> String.format(Locale.ROOT, "%s (%.2f)",
                        l.explanation(), l.support())).toList());
        return String.format(Locale.ROOT, "round %d (%s): %s, %s, about %s of host time; leading: %s; spent so far: %s,"
                        + " %s of host time%s", e.round(), e.kind().label(), Count.of(e.runs().size(), "run"),
                Count.of(iterations, "iteration"), Chooser.seconds(seconds), leading,
                Count.of(e.usedIterations(), "iteration"), Chooser.seconds(e.usedHostSeconds()),
                " (" + budget.spent(new Hunt.Used(e.usedIterations(), e.usedHostSeconds())) + ")");
    }

    private static String verdict(Belief belief) {
        return belief.verdict().name().toLowerCase(Locale.ROOT);
    }

    private static List<HuntLog.Leading> leading(Belief belief) {
        return belief.leaders(5).stream().map(l -> new HuntLog.Leading(l.text(), l.support())).toList();
    }

    /** Cells the preflight did not leave out, not on a mount found hung, and that have not hung or failed again and again. */
    private BitSet runnable(Design design) {
        BitSet s = new BitSet();
        for (int c = 0; c < design.cells(); c++) {
            boolean stuck = design.inconclusiveRuns()[c] >= INCONCLUSIVE_LIMIT && design.n()[c] == 0;
            Cell cell = matrix.cells().get(c);
            s.set(c, !stuck && skip.apply(cell) == null && mounts.before(cell) == null);
        }
        return s;
    }

    /** What the hunt has spent: every run's iterations and time, whatever its outcome. */
    private static Hunt.Used used(SweepData data) {
        long iterations = 0;
        double seconds = 0;
        for (List<RunSummary> runs : data.runs().values()) {
            for (RunSummary r : runs) {
                iterations += r.iterations();
                seconds += r.elapsedSeconds();
            }
        }
        return new Hunt.Used(iterations, seconds);
    }

    /** Each cell's cost from its finished runs; cells of the same storage and sync mode cost alike per byte. */
    private CellCost cost(Design design, SweepData data) {
        int n = design.cells();
        CellCost.Runs[] runs = new CellCost.Runs[n];
        int[] group = new int[n];
        Map<String, Integer> groups = new HashMap<>();
        for (int c = 0; c < n; c++) {
            Cell cell = matrix.cells().get(c);
            group[c] = groups.computeIfAbsent(cell.storage() + "/" + cell.sync(), k -> groups.size());
            long count = 0, iterations = 0, timed = 0, timedIterations = 0;
            double seconds = 0, timedSeconds = 0, io = 0;
            for (RunSummary r : data.runs().getOrDefault(cell.id(), List.of())) {
                if (r.status() == RunStatus.UNREACHABLE || r.iterations() == 0) {
                    continue;
                }
                count++;
                iterations += r.iterations();
                seconds += r.elapsedSeconds();
                if (r.details() != null && r.details().iterationSeconds() != null) {
                    timed++;
                    timedIterations += r.iterations();
                    timedSeconds += r.elapsedSeconds();
                    io += r.details().iterationSeconds();
                }
            }
            runs[c] = new CellCost.Runs(count, iterations, seconds, timed, timedIterations, timedSeconds, io);
        }
        return CellCost.measured(design, runs, group);
    }
}
