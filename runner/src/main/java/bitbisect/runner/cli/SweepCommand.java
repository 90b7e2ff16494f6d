package bitbisect.runner.cli;

import bitbisect.runner.console.ConsoleProgress;
import bitbisect.runner.execute.FleetExecutor;
import bitbisect.runner.execute.StopOnSignal;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.preflight.HostCheck;
import bitbisect.runner.preflight.Preflight;
import bitbisect.runner.probe.WriterJar;
import bitbisect.runner.publish.Publisher;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.SweepRecord;
import bitbisect.runner.sweep.Sweep;
import bitbisect.writer.units.Count;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs every cell of a matrix, or resumes the sweep where it stopped. */
@Command(name = "sweep", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Runs every cell of the matrix (work.replicates times each) in a random order fixed by the seed,"
                    + " hosts in parallel, and stores every result under results/SWEEP/.",
            "The sweep is named after the matrix and its content (NAME-HASH), so running the same command again"
                    + " after a crash or kill -9 resumes it: finished runs are kept, runs cut short run again.",
        },
        footer = {"", "Example: bitbisect sweep matrix.yaml"})
final class SweepCommand implements Callable<Integer> {

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

    @Option(names = "--sweep", paramLabel = "ID",
            description = "Name of the sweep directory (default: matrix name and a hash of the file).")
    private String sweepId;

    @Option(names = "--resume", description = "Only resume: fail if the sweep does not exist yet.")
    private boolean resumeOnly;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Matrix matrix = matrixOption.load();
        Path dir = StoreOpening.checkedDir(spec, results,
                sweepId != null ? sweepId : matrixOption.defaultSweepId(matrix, ""));
        PrintWriter err = spec.commandLine().getErr();
        WriterJar jar = WriterJar.unpack(WriterJar.defaultCacheDir());
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            SweepRecord record = StoreOpening.record(spec, store, matrixOption, matrix, jar, resumeOnly,
                    () -> Sweep.plan(matrix));
            List<SweepRecord.PlannedRun> todo = record.plan().stream()
                    .filter(r -> !store.isDone(r.cell(), r.run())).toList();
            int cutShort = store.unfinished().size();
            err.printf("sweep %s: %s x %s = %s, %d done, %d to run%s (seed %d)%n", record.id(),
                    Count.of(matrix.cells().size(), "cell"), Count.of(matrix.work().replicates(), "replicate"),
                    Count.of(record.plan().size(), "run"),
                    record.plan().size() - todo.size(), todo.size(),
                    cutShort > 0 ? ", " + cutShort + " cut short before and run again" : "", record.seed());
            err.printf("results: %s%n", dir);
            err.flush();
            try (FleetExecutor executor = fleet.executor(jar, store);
                 StopOnSignal stop = StopOnSignal.install(executor, System.err)) {
                // The preflight makes the first connections (and asks for passphrases), so the
                // live progress display starts only after it.
                List<HostCheck> checks = preflight.checkOrRefuse(spec, matrix, executor, err);
                List<SweepRecord.PlannedRun> runnable = todo.stream()
                        .filter(r -> Preflight.skipReason(checks, matrix.cell(r.cell()).orElseThrow()) == null).toList();
                try (ConsoleProgress progress = ConsoleProgress.onStderr(
                        ConsoleProgress.countByHost(runnable.stream()
                                .map(r -> matrix.cell(r.cell()).orElseThrow().host()).toList()))) {
                    new Sweep(matrix, store, executor, progress).run(todo, r -> null,
                            cell -> Preflight.skipReason(checks, cell));
                }
            }
            SweepSummary summary = new SweepSummary(record.id(), record.plan(), store.runs(), store.unfinished());
            summary.print(spec.commandLine().getOut(), results.root.toString());
            PublishedText.print(Publisher.publish(dir, results.rerunOptions()), spec.commandLine().getOut());
            return summary.exitCode();
        }
    }
}
