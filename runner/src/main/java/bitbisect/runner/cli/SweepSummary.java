package bitbisect.runner.cli;

import bitbisect.runner.report.RerunLine;
import bitbisect.runner.store.Damage;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.Runs;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.RunTotals;
import bitbisect.runner.store.SweepRecord;
import bitbisect.writer.units.ByteSize;
import bitbisect.writer.units.Count;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The state of a sweep from its store: what ran, how it ended, what did not run, and what in the
 * store is damaged (never counted).
 */
record SweepSummary(String sweepId, List<SweepRecord.PlannedRun> plan, Map<String, List<RunSummary>> runs,
                    List<SweepRecord.PlannedRun> unfinished, List<Damage> damage) {

    SweepSummary(String sweepId, List<SweepRecord.PlannedRun> plan, Runs stored, List<SweepRecord.PlannedRun> unfinished) {
        this(sweepId, plan, stored.byCell(), unfinished, stored.damage());
    }

    /** Every finished run of the sweep, added up. */
    RunTotals totals() {
        return RunTotals.of(runs.values().stream().flatMap(List::stream).toList());
    }

    /** Planned runs without a settled result: never run, cut short, damaged, or unreachable (to try again). */
    int notRun() {
        return (int) plan.stream().filter(p -> runs.getOrDefault(p.cell(), List.of()).stream()
                .noneMatch(r -> r.run() == p.run() && r.status() != RunStatus.UNREACHABLE)).count();
    }

    int exitCode() {
        RunTotals t = totals();
        if (t.runs(RunStatus.CORRUPT) > 0 || t.evidenceCorruptIterations() > 0) {
            return Bitbisect.EXIT_CORRUPT; // corrupt iterations an error or hung run verified are corruption found too
        }
        boolean incomplete = t.inconclusiveRuns() > 0 || notRun() > 0 || !damage.isEmpty();
        return incomplete ? Bitbisect.EXIT_INCOMPLETE : Bitbisect.EXIT_CLEAN;
    }

    /** Totals, then every cell that was not clean with the command that reruns it. */
    void print(PrintWriter out, String resultsRoot) {
        RunTotals t = totals();
        if (plan.isEmpty()) {
            // A hunt (bitbisect bisect) plans nothing ahead: every run was chosen by a round.
            out.printf(Locale.ROOT, "sweep %s: %s chosen by bisect (%s)%n", sweepId, Count.of(extraRuns(), "run"),
                    Count.of(runs.size(), "cell"));
        } else {
            out.printf(Locale.ROOT, "sweep %s: %d of %d planned runs done (%d cells), %d not run%s%n", sweepId,
                    plan.size() - notRun(), plan.size(), runs.size(), notRun(),
                    extraRuns() > 0 ? ", plus " + Count.of(extraRuns(), "rerun") : "");
        }
        // The evidence, as the headline counts it; what runs that ended otherwise did, apart.
        long asideIterations = t.iterations() - t.evidenceIterations();
        long asideWords = t.corruptWords() - t.evidenceCorruptWords();
        String aside = asideIterations == 0 && asideWords == 0 ? ""
                : String.format(Locale.ROOT, " (not counted: %s and %s of runs whose output cannot be believed or"
                + " that never ran)", Count.of(asideIterations, "iteration"), Count.of(asideWords, "corrupt word"));
        out.printf(Locale.ROOT, "  clean %d, corrupt %d, error %d, hung %d, unreachable %d; %s, %s verified, %s%s%n",
                t.runs(RunStatus.CLEAN), t.runs(RunStatus.CORRUPT), t.runs(RunStatus.ERROR), t.runs(RunStatus.HUNG),
                t.runs(RunStatus.UNREACHABLE), Count.of(t.evidenceIterations(), "iteration"),
                ByteSize.approximate(t.evidenceBytesVerified()), Count.of(t.evidenceCorruptWords(), "corrupt word"), aside);
        if (!unfinished.isEmpty()) {
            out.printf("  %d %s cut short (running now, or the sweep was stopped); %s again on resume%n",
                    unfinished.size(), unfinished.size() == 1 ? "run was" : "runs were",
                    unfinished.size() == 1 ? "it runs" : "they run");
        }
        printDamage(out, damage);
        List<String> lines = new ArrayList<>();
        runs.forEach((cell, list) -> list.stream().filter(r -> r.status() != RunStatus.CLEAN).forEach(r -> {
            lines.add(String.format(Locale.ROOT, "  %-8s %s run %d: %s", r.status().label(), cell, r.run(),
                    r.message() == null ? "" : r.message()));
            r.kept().forEach(k -> lines.add("           kept on " + r.host() + ": " + k));
        }));
        if (!lines.isEmpty()) {
            out.println("not clean:");
            lines.forEach(out::println);
            Set<String> cells = new java.util.TreeSet<>();
            runs.forEach((cell, list) -> list.stream().filter(r -> r.countsAsEvidence() && r.corruptIterations() > 0)
                    .findAny().ifPresent(r -> cells.add(cell)));
            cells.stream().limit(5).forEach(cell -> out.println("  rerun: " + RerunLine.of(cell, sweepId, 100,
                    resultsRoot.equals("results") ? "" : " --results " + resultsRoot)));
        }
    }

    /** What in the store cannot be counted, each with its path and what to do; nothing when all is well. */
    static void printDamage(PrintWriter out, List<Damage> damage) {
        if (damage.isEmpty()) {
            return;
        }
        out.println("store problems (" + damage.size() + ", never counted as evidence):");
        damage.forEach(d -> out.println("  " + d));
    }

    private int extraRuns() {
        Set<String> planned = new java.util.HashSet<>();
        plan.forEach(p -> planned.add(p.cell() + "#" + p.run()));
        return (int) runs.values().stream().flatMap(List::stream)
                .filter(r -> !planned.contains(r.cell() + "#" + r.run())).count();
    }
}
