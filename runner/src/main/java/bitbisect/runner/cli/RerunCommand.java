package bitbisect.runner.cli;

import bitbisect.runner.console.ConsoleProgress;
import bitbisect.runner.execute.FleetExecutor;
import bitbisect.runner.execute.StopOnSignal;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.probe.WriterJar;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.RunTotals;
import bitbisect.runner.store.SweepRecord;
import bitbisect.runner.sweep.Sweep;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** One more run of one cell, added to the sweep's evidence. */
@Command(name = "rerun", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Runs one cell again, with the settings of the sweep's saved matrix, as a new run of that"
                + " cell in the same sweep: evidence accumulates across runs.",
        footer = {"", "Example: bitbisect rerun r630-a.nfs.buffered.64MiB.cached.default.alternating --iterations 400"})
final class RerunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CELL", description = "The cell id, as bitbisect cells or status prints it.")
    private String cellId;

    @Option(names = "--sweep", paramLabel = "ID", description = "The sweep (default: the most recent in --results).")
    private String sweepId;

    @Option(names = "--iterations", paramLabel = "N", description = "Iterations for this run (default: the matrix's work).")
    private Long iterations;

    @Mixin
    private ResultsOption results;

    @Mixin
    private FleetOptions fleet;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (iterations != null && iterations < 1) {
            throw new ParameterException(spec.commandLine(), "--iterations " + iterations + ": must be at least 1");
        }
        Path dir = results.sweepDir(sweepId);
        Matrix matrix;
        try (ResultsStore saved = ResultsStore.openForReading(dir)) {
            matrix = saved.matrix();
        }
        if (matrix.cell(cellId).isEmpty()) {
            List<String> near = matrix.cells().stream().map(c -> c.id()).filter(id -> id.contains(cellId))
                    .limit(5).toList();
            throw new ParameterException(spec.commandLine(), "no cell '" + cellId + "' in sweep " + dir.getFileName()
                    + (near.isEmpty() ? "; bitbisect cells lists them" : "; did you mean " + String.join(" or ", near)));
        }
        PrintWriter out = spec.commandLine().getOut();
        WriterJar jar = WriterJar.unpack(WriterJar.defaultCacheDir());
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            int run = store.lastRun(cellId) + 1;
            String host = matrix.cell(cellId).orElseThrow().host();
            spec.commandLine().getErr().printf("rerun: %s as run %d in sweep %s%n", cellId, run, dir.getFileName());
            spec.commandLine().getErr().flush();
            List<RunSummary> done;
            try (FleetExecutor executor = fleet.executor(jar, store);
                 StopOnSignal stop = StopOnSignal.install(executor, System.err);
                 ConsoleProgress progress = ConsoleProgress.onStderr(
                         java.util.Map.of(host, 1))) {
                done = new Sweep(matrix, store, executor, progress)
                        .run(List.of(new SweepRecord.PlannedRun(cellId, run)), iterations);
            }
            RunSummary s = done.get(0);
            RunTotals all = RunTotals.of(store.summaries().getOrDefault(cellId, List.of()));
            out.printf(Locale.ROOT, "%s run %d: %s, %d iterations%s%n", cellId, run, s.status().label(), s.iterations(),
                    s.message() == null ? "" : " (" + s.message() + ")");
            out.printf(Locale.ROOT, "cell so far: %d runs, %d iterations, %d corrupt%n", all.runs(), all.iterations(),
                    all.corruptIterations());
            out.flush();
            if (s.countsAsEvidence() && s.corruptIterations() > 0) {
                return Bitbisect.EXIT_CORRUPT; // a corrupt run, or corruption verified before it failed or hung
            }
            return s.status() == RunStatus.CLEAN ? Bitbisect.EXIT_CLEAN : Bitbisect.EXIT_INCOMPLETE;
        }
    }
}
