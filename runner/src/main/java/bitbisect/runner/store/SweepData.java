package bitbisect.runner.store;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.writer.event.Event;
import bitbisect.writer.verify.CorruptionKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read model of a stored sweep: everything it holds, read once into plain values for the
 * cube and the report. The matrix as run, every finished run with what its output says, every
 * corruption event of those runs, per-cell totals, the host facts, what in the store is damaged
 * (with the temporary files of processes that are gone, for a writer to remove), and a hunt's
 * decisions (bisect.jsonl; empty for a sweep). Runs cut short (no summary) and damaged runs are
 * left out, as they are everywhere else.
 */
public record SweepData(
        SweepRecord sweep,
        Matrix matrix,
        String matrixText,
        Map<String, List<RunSummary>> runs,
        List<RunDetail> details,
        List<CorruptionRow> events,
        List<ExtentRow> extents,
        List<CellTotals> totals,
        List<HostFacts> hostFacts,
        List<Damage> damage,
        List<Path> staleTempFiles,
        List<HuntLog.Entry> hunt) {

    /** One corrupt word, with the cell as its index in {@code matrix.cells()}. */
    public record CorruptionRow(int cell, int run, long iteration, long offset, long expected, long actual, long mask,
                                long timeMs) {
    }

    /**
     * Corrupt words close together, of one kind (the writer's {@code extent} event), with the
     * cell as its index in {@code matrix.cells()}; the source fields are null where the pattern
     * cannot tell.
     */
    public record ExtentRow(int cell, int run, long iteration, long offset, long length, long words,
                            CorruptionKind kind, Long sourceOffset, Long sourceIteration, Integer sourceTag) {
    }

    /**
     * What one run's output says beyond its summary: the write block, the target filesystem and
     * its mount options, NFS counters over the run, stall reports, the first corrupt iteration
     * (0: none), corrupt words found but not printed (the writer's max_events), and the
     * iterations that came back short (as in {@link RunDetails}); {@code evidence}: whether its
     * iterations count ({@link RunSummary#countsAsEvidence}).
     */
    public record RunDetail(int cell, int run, RunStatus status, boolean evidence, long block, String fsType, String mountOptions,
                            String nfsOptions, long nfsRetransmits, long nfsMajorTimeouts, long stalls,
                            long firstCorruptIteration, long eventsNotPrinted, long shortIterations, long missingBytes,
                            long shortestBytes, String errno) {
    }

    /**
     * One cell's runs added up ({@link RunTotals}), with what its runs' output adds: planned runs
     * not run yet, stall reports, NFS counters over the runs, and the first corrupt iteration.
     */
    public record CellTotals(RunTotals sum, long runsNotRun, long stalls, long nfsRetransmits, long nfsMajorTimeouts,
                             long firstCorruptIteration) {
    }

    /** One number for a run of a cell, to look runs up by: the cell index in the high half, the run in the low. */
    public static long runKey(int cell, int run) {
        return (long) cell << 32 | run;
    }

    /** coordinates()[cell][axis]: the index of the cell's value among that axis's values, axes in matrix order. */
    public int[][] coordinates() {
        List<Matrix.Axis> axes = matrix.axes();
        List<Cell> cells = matrix.cells();
        int[][] at = new int[cells.size()][axes.size()];
        for (int c = 0; c < cells.size(); c++) {
            for (int a = 0; a < axes.size(); a++) {
                at[c][a] = axes.get(a).values().indexOf(cells.get(c).get(axes.get(a).name()));
            }
        }
        return at;
    }

    public static SweepData load(Path sweepDir) throws IOException {
        return load(sweepDir, new ReadProgress());
    }

    /** The sweep as {@link #load(Path)} reads it, counting the cells it has checked in {@code progress}. */
    public static SweepData load(Path sweepDir, ReadProgress progress) throws IOException {
        try (ResultsStore store = ResultsStore.openForReading(sweepDir)) {
            SweepRecord sweep = store.sweep().orElseThrow();
            Matrix matrix = store.matrix();
            Map<String, Integer> cellIndex = new HashMap<>();
            List<Cell> cells = matrix.cells();
            for (int i = 0; i < cells.size(); i++) {
                cellIndex.put(cells.get(i).id(), i);
            }
            // The audit reads a corrupt run's events to check its summary: its rows come from the same pass.
            StoreAudit.Audited audited = new StoreAudit(store).runsWithRows(cellIndex, progress);
            Runs stored = audited.runs();
            Map<String, List<RunSummary>> runs = stored.byCell();
            runs.keySet().retainAll(cellIndex.keySet()); // a cell no longer in the matrix cannot have happened
            List<RunToRead> toRead = new ArrayList<>();
            runs.forEach((id, list) -> list.forEach(r -> toRead.add(new RunToRead(id, cellIndex.get(id), r))));
            // Runs share no files: those the audit did not read are read in parallel, gathered in order.
            List<RunRows> read;
            try {
                read = toRead.parallelStream().map(r -> readRun(store.runFiles(r.id(), r.summary().run()).events(),
                        r.cell(), r.summary(), audited.rows().get(runKey(r.cell(), r.summary().run())))).toList();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            List<CorruptionRow> events = new ArrayList<>(read.stream().mapToInt(r -> r.rows().events().size()).sum());
            List<ExtentRow> extents = new ArrayList<>();
            List<RunDetail> details = new ArrayList<>(read.size());
            for (RunRows r : read) {
                details.add(r.detail());
                events.addAll(r.rows().events());
                extents.addAll(r.rows().extents());
            }
            List<CellTotals> totals = totals(cells, runs, details, sweep.plan());
            List<Damage> damage = new ArrayList<>(stored.damage());
            List<HostFacts> facts = store.hostFacts(damage);
            return new SweepData(sweep, matrix, store.matrixText(), runs, details, events, extents, totals, facts,
                    List.copyOf(damage), audited.staleTempFiles(), store.hunt());
        }
    }

    /** A run to read: its cell's id and index, and its summary. */
    private record RunToRead(String id, int cell, RunSummary summary) {
    }

    /** What reading a run gave: its detail and its rows. */
    private record RunRows(RunDetail detail, EventsFile.Rows rows) {
    }

    /**
     * One run's detail and its corruption rows. The summary carries the detail (RunDetails), and
     * the audit read the rows of a run with corrupt words ({@code audited}); a summary written
     * before RunDetails existed has its events parsed whole.
     */
    private static RunRows readRun(Path file, int cell, RunSummary summary, EventsFile.Rows audited) {
        RunDetails d = summary.details();
        EventsFile.Rows rows = audited != null ? audited : EventsFile.Rows.none();
        if (d == null) {
            rows = EventsFile.Rows.empty();
            try {
                d = parseEvents(file, cell, summary, rows);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new RunRows(new RunDetail(cell, summary.run(), summary.status(), summary.countsAsEvidence(), d.block(), d.fsType(), d.mountOptions(),
                d.nfsOptions(), d.nfsRetransmits(), d.nfsMajorTimeouts(), d.stalls(), d.firstCorruptIteration(),
                d.eventsNotPrinted(), d.shortIterations(), d.missingBytes(), d.shortestBytes(), d.errno()), rows);
    }

    /** The events of a run whose summary has no RunDetails, read whole (stores of older versions). */
    private static RunDetails parseEvents(Path file, int cell, RunSummary summary, EventsFile.Rows out)
            throws IOException {
        RunDetailsOfEvents details = new RunDetailsOfEvents();
        if (!Files.exists(file)) {
            return details.details(); // a run recorded without starting (unreachable host) has no output
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                Event event = EventsFile.parse(line);
                if (event != null) {
                    out.add(event, cell, summary.run());
                    details.add(event);
                }
            }
        }
        return details.details();
    }

    private static List<CellTotals> totals(List<Cell> cells, Map<String, List<RunSummary>> runs, List<RunDetail> details,
                                           List<SweepRecord.PlannedRun> plan) {
        Map<Integer, List<RunDetail>> detailsByCell = new HashMap<>();
        details.forEach(d -> detailsByCell.computeIfAbsent(d.cell(), c -> new ArrayList<>()).add(d));
        // Planned runs without a result, counted in one pass over the plan.
        Set<String> finished = new HashSet<>();
        runs.values().forEach(list -> list.forEach(r -> finished.add(r.cell() + "#" + r.run())));
        Map<String, Long> notRun = new HashMap<>();
        plan.stream().filter(p -> !finished.contains(p.cell() + "#" + p.run()))
                .forEach(p -> notRun.merge(p.cell(), 1L, Long::sum));
        List<CellTotals> totals = new ArrayList<>(cells.size());
        for (int c = 0; c < cells.size(); c++) {
            long stalls = 0, retransmits = 0, majorTimeouts = 0, first = 0;
            for (RunDetail d : detailsByCell.getOrDefault(c, List.of())) {
                stalls += d.stalls();
                retransmits += d.nfsRetransmits();
                majorTimeouts += d.nfsMajorTimeouts();
                if (d.evidence() && d.firstCorruptIteration() > 0) { // of the runs the attribution counts
                    first = first == 0 ? d.firstCorruptIteration() : Math.min(first, d.firstCorruptIteration());
                }
            }
            totals.add(new CellTotals(RunTotals.of(runs.getOrDefault(cells.get(c).id(), List.of())),
                    notRun.getOrDefault(cells.get(c).id(), 0L), stalls, retransmits, majorTimeouts, first));
        }
        return totals;
    }
}
