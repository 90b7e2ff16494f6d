package bitbisect.runner.cli;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.RunTotals;
import bitbisect.runner.store.SweepRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What a sweep has done so far. */
@Command(name = "status", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Shows a sweep's progress: runs done and planned, how each ended, and the cells that were not"
                + " clean. Safe to run while the sweep is running.",
        footer = {"", "Example: bitbisect status --cells"})
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private SweepArgument sweep;

    @Option(names = "--cells", description = "Also print one line per cell.")
    private boolean perCell;

    @Override
    public Integer call() throws IOException {
        Path dir = sweep.dir();
        try (ResultsStore store = ResultsStore.openForReading(dir)) {
            SweepRecord record = store.sweep().orElseThrow();
            SweepSummary summary = new SweepSummary(record.id(), record.plan(), store.runs(), store.unfinished());
            Map<String, List<RunSummary>> runs = summary.runs();
            PrintWriter out = spec.commandLine().getOut();
            out.println(store.inUse() ? "running (a bitbisect process holds this sweep)" : "not running");
            Map<String, String> jobs = store.heldJobs();
            if (!jobs.isEmpty() && !store.inUse()) {
                // Left by a coordinator that died (kill -9): they hold their nodes until adopted or ended.
                out.println("slurm jobs still written down as holding their nodes: " + jobs.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "))
                        + " (the next sweep, rerun or bisect adopts those still alive; scancel --name="
                        + FleetOptions.jobName(dir) + " ends them)");
            }
            summary.print(out, sweep.results.root.toString());
            Map<String, String> skipped = new java.util.LinkedHashMap<>(store.skipped());
            skipped.keySet().removeIf(run -> runs.getOrDefault(run.substring(0, run.lastIndexOf(" run ")), List.of())
                    .stream().anyMatch(r -> (r.cell() + " run " + r.run()).equals(run)));
            if (!skipped.isEmpty()) {
                out.println("held back (" + skipped.size() + ", the next sweep runs them):");
                skipped.entrySet().stream().limit(10).forEach(e -> out.println("  " + e.getKey() + ": " + e.getValue()));
                if (skipped.size() > 10) {
                    out.println("  ... and " + (skipped.size() - 10) + " more in journal.jsonl");
                }
            }
            if (perCell) {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("cell", "runs", "clean", "corrupt", "other", "iterations", "corrupt words"));
                // Planned cells and cells with runs (a hunt plans nothing ahead; reruns add runs).
                java.util.stream.Stream.concat(record.plan().stream().map(SweepRecord.PlannedRun::cell),
                        runs.keySet().stream()).distinct().sorted().forEach(cell -> {
                    RunTotals t = RunTotals.of(runs.getOrDefault(cell, List.of()));
                    rows.add(List.of(cell, Integer.toString(t.runs()), Long.toString(t.runs(RunStatus.CLEAN)),
                            Long.toString(t.runs(RunStatus.CORRUPT)), Long.toString(t.inconclusiveRuns()),
                            Long.toString(t.iterations()), Long.toString(t.corruptWords())));
                });
                Table.print(out, rows);
            }
            out.flush();
            return summary.exitCode();
        }
    }
}
