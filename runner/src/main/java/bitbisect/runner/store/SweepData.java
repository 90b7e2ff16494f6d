package bitbisect.runner.store;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventCodec;
import bitbisect.writer.facts.Facts;
import bitbisect.writer.facts.NfsCounters;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
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
 * corruption event of those runs, per-cell totals, the host facts, and what in the store is
 * damaged. Runs cut short (no summary) and damaged runs are left out, as they are everywhere
 * else.
 */
public record SweepData(
        SweepRecord sweep,
        Matrix matrix,
        String matrixText,
        Map<String, List<RunSummary>> runs,
        List<RunDetail> details,
        List<CorruptionRow> events,
        List<CellTotals> totals,
        List<HostFacts> hostFacts,
        List<Damage> damage) {

    /** One corrupt word, with the cell as its index in {@code matrix.cells()}. */
    public record CorruptionRow(int cell, int run, long iteration, long offset, long expected, long actual, long mask,
                                long timeMs) {
    }

    /**
     * What one run's output says beyond its summary: the write block, the target filesystem and
     * its mount options, NFS counters over the run, stall reports, the first corrupt iteration
     * (0: none) and corrupt words found but not printed (the writer's max_events).
     */
    public record RunDetail(int cell, int run, RunStatus status, long block, String fsType, String mountOptions,
                            String nfsOptions, long nfsRetransmits, long nfsMajorTimeouts, long stalls,
                            long firstCorruptIteration, long eventsNotPrinted) {
    }

    /**
     * One cell's runs added up ({@link RunTotals}), with what its runs' output adds: planned runs
     * not run yet, stall reports, NFS counters over the runs, and the first corrupt iteration.
     */
    public record CellTotals(RunTotals sum, long runsNotRun, long stalls, long nfsRetransmits, long nfsMajorTimeouts,
                             long firstCorruptIteration) {
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
        try (ResultsStore store = ResultsStore.openForReading(sweepDir)) {
            SweepRecord sweep = store.sweep().orElseThrow();
            Matrix matrix = store.matrix();
            Map<String, Integer> cellIndex = new HashMap<>();
            List<Cell> cells = matrix.cells();
            for (int i = 0; i < cells.size(); i++) {
                cellIndex.put(cells.get(i).id(), i);
            }
            Runs stored = store.runs();
            Map<String, List<RunSummary>> runs = stored.byCell();
            runs.keySet().retainAll(cellIndex.keySet()); // a cell no longer in the matrix cannot have happened
            List<CorruptionRow> events = new ArrayList<>();
            List<RunDetail> details = new ArrayList<>();
            for (Map.Entry<String, List<RunSummary>> e : runs.entrySet()) {
                int cell = cellIndex.get(e.getKey());
                for (RunSummary r : e.getValue()) {
                    details.add(readRun(store.runFiles(e.getKey(), r.run()).events(), cell, r, events));
                }
            }
            List<CellTotals> totals = totals(cells, runs, details, sweep.plan());
            List<Damage> damage = new ArrayList<>(stored.damage());
            List<HostFacts> facts = store.hostFacts(damage);
            return new SweepData(sweep, matrix, store.matrixText(), runs, details, events, totals, facts,
                    List.copyOf(damage));
        }
    }

    /** Reads one run's events: corruption rows go to {@code out}; the rest is summed up in the returned detail. */
    private static RunDetail readRun(Path file, int cell, RunSummary summary, List<CorruptionRow> out) throws IOException {
        long block = 0;
        long stalls = 0;
        long firstCorrupt = 0;
        long notPrinted = 0;
        Facts.Target target = null;
        NfsCounters nfs = null;
        if (Files.exists(file)) { // a run recorded without starting (unreachable host) has no output
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    // Nearly every line is an iteration or a corruption: look before parsing.
                    if (line.contains("\"event\":\"iteration\"")) {
                        continue;
                    }
                    if (line.contains("\"event\":\"stall\"")) {
                        stalls++;
                        continue;
                    }
                    Event event;
                    try {
                        event = EventCodec.parse(line);
                    } catch (JsonProcessingException notAnEvent) {
                        continue; // kept verbatim in the store, not an event
                    }
                    if (event instanceof Event.Corruption c) {
                        out.add(new CorruptionRow(cell, summary.run(), c.iteration(), c.offset(), word(c.expected()),
                                word(c.actual()), word(c.mask()), c.timeMs()));
                        firstCorrupt = firstCorrupt == 0 ? c.iteration() : Math.min(firstCorrupt, c.iteration());
                    } else if (event instanceof Event.SizeMismatch m) {
                        firstCorrupt = firstCorrupt == 0 ? m.iteration() : Math.min(firstCorrupt, m.iteration());
                    } else if (event instanceof Event.Start s && s.parameters() != null) {
                        block = s.parameters().block();
                        target = s.facts() == null ? null : s.facts().target();
                    } else if (event instanceof Event.End end) {
                        nfs = end.nfsDelta();
                        notPrinted = end.eventsNotPrinted();
                    }
                }
            }
        }
        return new RunDetail(cell, summary.run(), summary.status(), block,
                target == null ? null : target.fsType(),
                target == null ? null : target.mountOptions(),
                nfs != null ? nfs.options() : target != null && target.nfs() != null ? target.nfs().options() : null,
                nfs == null ? 0 : nfs.retransmits(), nfs == null ? 0 : nfs.majorTimeouts(), stalls, firstCorrupt,
                notPrinted);
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
                if (d.firstCorruptIteration() > 0) {
                    first = first == 0 ? d.firstCorruptIteration() : Math.min(first, d.firstCorruptIteration());
                }
            }
            totals.add(new CellTotals(RunTotals.of(runs.getOrDefault(cells.get(c).id(), List.of())),
                    notRun.getOrDefault(cells.get(c).id(), 0L), stalls, retransmits, majorTimeouts, first));
        }
        return totals;
    }

    static long word(String hex) {
        return Long.parseUnsignedLong(hex.substring(2), 16);
    }
}
