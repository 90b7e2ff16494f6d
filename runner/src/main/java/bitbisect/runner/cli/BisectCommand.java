package bitbisect.runner.cli;

import bitbisect.runner.analysis.Text;
import bitbisect.runner.bisect.Hunt;
import bitbisect.runner.bisect.HuntSession;
import bitbisect.runner.console.Terminal;
import bitbisect.runner.execute.FleetExecutor;
import bitbisect.runner.execute.StopOnSignal;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.preflight.HostCheck;
import bitbisect.runner.preflight.Preflight;
import bitbisect.runner.probe.WriterJar;
import bitbisect.runner.publish.Publisher;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.SweepRecord;
import bitbisect.writer.units.Count;
import bitbisect.writer.units.DurationText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** An adaptive hunt over the matrix: runs what separates the explanations, stops when one is settled. */
@Command(name = "bisect", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            // The command list shows this first line alone: what it does; the lines after it say how.
            "Hunts the cause of the corruption with a fraction of a sweep's host time: round after round, the runs"
                    + " that best tell the explanations apart (docs/bisect.md).",
            "A first round screens: cells that show every pair of axis values once. Then, round after round, it runs the"
                    + " cells and iteration counts that bring the most information per host second about which"
                    + " explanation is true (kernel=5.1 AND sync=buffered, or kernel=5.1, or ...), on every free host."
                    + " With no corruption yet, coverage climbs before runs grow: the cells never run that show"
                    + " combinations of three values (then four, ...) no run has shown, then longer runs. When the report's verdict names the explanation with --confidence of the support,"
                    + " it tests the explanation's edges (every value next to it must have had the chance to show the"
                    + " fault), takes a last look at the cells outside it, and stops; or when --budget is spent.",
            "It is a sweep like any other (status, report, cube and rerun work on it); every decision is kept in"
                    + " bisect.jsonl. Run the same command again after a crash or kill -9 and the hunt goes on:"
                    + " finished runs are kept, the round that was cut short is completed first.",
        },
        footer = {"", "Examples:", "  bitbisect bisect matrix.yaml",
                "  bitbisect bisect examples/fleet.yaml --budget 8h   (host time: all hosts added up)",
                "  bitbisect bisect matrix.yaml --budget 20000 --confidence 0.99"})
final class BisectCommand implements Callable<Integer> {

    /** Screening iterations when the matrix's work is a duration. */
    private static final long SCREEN_ITERATIONS = 3;

    @Spec
    private CommandSpec spec;

    @Mixin
    private MatrixOption matrixOption;

    @Mixin
    private ResultsOption results;

    @Mixin
    private FleetOptions fleet;

    @Mixin
    private PreflightOptions preflight;

    @Option(names = "--budget", paramLabel = "ITERATIONS|DURATION",
            description = "What the hunt may spend: a number of iterations (20000), or host time (8h, 90m): the runs'"
                    + " durations added up, so 8h on 4 hosts at once is about 2h of waiting."
                    + " Default: the host time a full sweep of the matrix would take, priced by the hunt's own runs"
                    + " as they finish (a budget of iterations would let many cheap iterations of a small file use"
                    + " up what a sweep spends on large ones).")
    private String budgetText;

    @Option(names = "--confidence", paramLabel = "P", defaultValue = "0.95",
            description = "The support the leading explanation needs to stop the hunt. Default: ${DEFAULT-VALUE}.")
    private double confidence;

    @Option(names = "--screen-iterations", paramLabel = "N",
            description = "Iterations of each screening run. Default: the matrix's work.iterations (3 when its work"
                    + " is a duration).")
    private Long screenIterations;

    @Option(names = "--sweep", paramLabel = "ID",
            description = "Name of the hunt's sweep directory (default: matrix name, a hash of the file, and -bisect).")
    private String sweepId;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Matrix matrix = matrixOption.load();
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new ParameterException(spec.commandLine(), "--confidence " + confidence
                    + ": give a support between 0.5 and 1, such as 0.95 or 0.99");
        }
        long screen = screenIterations != null ? screenIterations
                : matrix.work().iterations() != null ? matrix.work().iterations() : SCREEN_ITERATIONS;
        if (screen < 1) {
            throw new ParameterException(spec.commandLine(), "--screen-iterations " + screen + ": must be at least 1");
        }
        Hunt.Budget budget = budget(matrix);
        Path dir = StoreOpening.checkedDir(spec, results,
                sweepId != null ? sweepId : matrixOption.defaultSweepId(matrix, "-bisect"));
        PrintWriter err = spec.commandLine().getErr();
        WriterJar jar = WriterJar.unpack(WriterJar.defaultCacheDir());
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            // A hunt plans nothing ahead: each round's runs are decided from the evidence before it.
            SweepRecord record = StoreOpening.record(spec, store, matrixOption, matrix, jar, false, List::of);
            err.printf(Locale.ROOT, "bisect %s: %s, %s, confidence %s (seed %d)%n", record.id(),
                    Count.of(matrix.cells().size(), "cell"), budget,
                    confidence, record.seed());
            err.printf("results: %s%n", dir);
            err.flush();
            Hunt.Stopped stopped;
            try (FleetExecutor executor = fleet.executor(jar, store);
                 StopOnSignal stop = StopOnSignal.install(executor, System.err)) {
                List<HostCheck> checks = preflight.checkOrRefuse(spec, matrix, executor, err);
                Hunt.Settings settings = new Hunt.Settings(confidence, budget, screen, record.seed(),
                        HuntSession.slots(matrix), matrix.run().timeout().toMillis() / 2000.0);
                stopped = new HuntSession(matrix, store, executor, settings, cell -> Preflight.skipReason(checks, cell),
                        System.err, Terminal.stderr()).run();
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(switch (stopped.reason()) {
                case SETTLED -> "bisect: settled";
                case BUDGET_SPENT -> stopped.belief().leaders(1).isEmpty() ? noCorruption(matrix, store, screen)
                        : "bisect: the budget is spent before a settled verdict (run again with a larger --budget to"
                        + " go on; the report lists the runs that would decide)";
                case NOTHING_TO_RUN -> "bisect: no cell can run (see the preflight above, and status for the runs that"
                        + " hung or failed)";
            });
            SweepSummary summary = new SweepSummary(record.id(), record.plan(), store.runs(), store.unfinished());
            summary.print(out, results.root.toString());
            PublishedText.print(Publisher.publish(dir, results.rerunOptions()), out);
            return summary.exitCode();
        }
    }

    /**
     * A hunt that saw no corruption says what it covered: a cell never run could hold a cause that
     * no other cell shares, and a larger budget runs those cells before it makes runs longer.
     */
    private static String noCorruption(Matrix matrix, ResultsStore store, long screen) throws IOException {
        long ran = store.summaries().values().stream()
                .filter(runs -> runs.stream().anyMatch(r -> r.countsAsEvidence() && r.iterations() > 0)).count();
        long never = matrix.cells().size() - ran;
        return "bisect: no corruption within the budget; " + ran + " of " + Count.of(matrix.cells().size(), "cell")
                + " ran" + (never == 0 ? " (a larger --budget runs them longer)"
                : String.format(Locale.ROOT, ", %d never did (a --budget %s iterations larger runs each of those at the"
                        + " screen's length first, then runs longer)", never, Text.count(never * screen)));
    }

    /** --budget, or what a full sweep of the matrix would spend. */
    private Hunt.Budget budget(Matrix matrix) {
        long runs = (long) matrix.cells().size() * matrix.work().replicates();
        if (budgetText == null) {
            return matrix.work().iterations() != null
                    ? new Hunt.Budget.FullSweep(matrix.work().replicates(), matrix.work().iterations())
                    : new Hunt.Budget.HostTime(matrix.work().duration().multipliedBy(runs));
        }
        if (budgetText.matches("\\d+")) {
            long n = Long.parseLong(budgetText);
            if (n < 1) {
                throw new ParameterException(spec.commandLine(), "--budget " + budgetText + ": at least 1 iteration");
            }
            return new Hunt.Budget.Iterations(n);
        }
        try {
            Duration d = DurationText.parse(budgetText);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("'" + budgetText + "' is no time at all");
            }
            return new Hunt.Budget.HostTime(d);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--budget: " + e.getMessage()
                    + "; or a whole number of iterations (20000)");
        }
    }
}
