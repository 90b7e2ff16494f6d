package bitbisect.runner.cube;

import bitbisect.writer.verify.CorruptionKind;

import bitbisect.runner.store.SweepData;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.FixedAxis;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.SweepRecord;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Writes a sweep as an HDF5 cube (docs/cube.md): one dimension per matrix axis, in matrix order,
 * with the axis labels beside it; per-cell measures and run status counts as int64 arrays of
 * that shape; every corruption event as int64 columns; the matrix, sweep and host facts as text.
 * jhdf cannot append or truncate, so the file is written whole to a temporary name and renamed.
 */
public final class CubeWriter {

    /** Value of the root attribute {@code layout}; changes when the layout does. */
    public static final String LAYOUT = "bitbisect-cube-2";

    /** Rows per chunk of the event columns. */
    private static final int EVENT_CHUNK = 1 << 16;

    private CubeWriter() {
    }

    /**
     * Writes {@code cube.h5} of {@code data} into its sweep directory and returns its path; first
     * removes the temporary files that killed writers left there (a report killed mid-cube), as
     * the store's audit found them while {@code data} was read.
     */
    public static Path writeFor(SweepData data, Path sweepDir) throws IOException {
        for (Path stale : data.staleTempFiles()) {
            Files.deleteIfExists(stale);
        }
        Path cube = sweepDir.resolve("cube.h5");
        write(data, cube);
        return cube;
    }

    public static void write(SweepData data, Path target) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        try (WritableHdfFile file = HdfFile.write(temp)) {
            writeRoot(file, data);
            writeAxesAndMeasures(file, data);
            // jhdf writes a group that holds only attributes so that HDF5 cannot open it: every
            // group here holds datasets, and counts sit on the root.
            file.putAttribute("event_count", (long) data.events().size());
            if (!data.events().isEmpty()) {
                writeEvents(file.putGroup("events"), data.events());
            }
            file.putAttribute("extent_count", (long) data.extents().size());
            if (!data.extents().isEmpty()) {
                file.putAttribute("extent_kinds", java.util.Arrays.stream(CorruptionKind.values())
                        .map(CorruptionKind::label).toArray(String[]::new));
                writeExtents(file.putGroup("extents"), data.extents());
            }
            if (!data.hostFacts().isEmpty()) {
                WritableGroup hosts = file.putGroup("hosts");
                data.hostFacts().forEach(h -> hosts.putDataset(h.host(), new String[] {h.json()}));
            }
        } catch (RuntimeException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeRoot(WritableHdfFile file, SweepData data) {
        SweepRecord s = data.sweep();
        file.putAttribute("layout", LAYOUT);
        file.putAttribute("sweep_id", s.id());
        file.putAttribute("created_at", s.createdAt());
        file.putAttribute("seed", s.seed());
        file.putAttribute("runner_version", s.runnerVersion());
        file.putAttribute("writer_sha256", s.writerSha256());
        file.putAttribute("matrix_yaml", data.matrixText());
        file.putAttribute("axes", dimensions(data.matrix()).stream().map(Matrix.Axis::name).toArray(String[]::new));
        List<String> labels = hostLabels(data.matrix());
        if (!labels.isEmpty()) {
            file.putAttribute("host_labels", labels.toArray(new String[0]));
        }
    }

    /**
     * The cube's dimensions: the matrix's axes without the host labels, which are coordinates of
     * the host dimension (a host has one kernel), not dimensions of their own.
     */
    static List<Matrix.Axis> dimensions(Matrix m) {
        return m.axes().stream().filter(a -> !FixedAxis.isLabel(a.name())).toList();
    }

    private static List<String> hostLabels(Matrix m) {
        return m.axes().stream().map(Matrix.Axis::name).filter(FixedAxis::isLabel).toList();
    }

    private static void writeAxesAndMeasures(WritableHdfFile file, SweepData data) {
        Matrix m = data.matrix();
        List<Matrix.Axis> axes = dimensions(m);
        int[] along = axes.stream().mapToInt(a -> m.axes().indexOf(a)).toArray(); // matrix axis of each dimension
        WritableGroup axisGroup = file.putGroup("axes");
        int[] shape = new int[axes.size()];
        for (int a = 0; a < axes.size(); a++) {
            axisGroup.putDataset(axes.get(a).name(), axes.get(a).values().toArray(new String[0]));
            shape[a] = axes.get(a).values().size();
        }
        List<String> labels = hostLabels(m);
        if (!labels.isEmpty()) {
            // Each label's value for each host, in the order of /axes/host.
            WritableGroup labelGroup = file.putGroup("host_labels");
            List<String> hosts = m.axes().get(m.axisNames().indexOf("host")).values();
            for (String label : labels) {
                labelGroup.putDataset(label, hosts.stream().map(h -> m.host(h).orElseThrow().labels().get(label))
                        .toArray(String[]::new));
            }
        }
        List<Cell> cells = m.cells();
        int[][] coordinates = new int[cells.size()][axes.size()];
        long[][] coordinateTable = new long[cells.size()][axes.size()];
        int[][] matrixOrder = data.coordinates();
        for (int c = 0; c < cells.size(); c++) {
            for (int a = 0; a < axes.size(); a++) {
                coordinates[c][a] = matrixOrder[c][along[a]];
                coordinateTable[c][a] = coordinates[c][a];
            }
        }
        WritableGroup cellGroup = file.putGroup("cells");
        cellGroup.putDataset("id", cells.stream().map(Cell::id).toArray(String[]::new));
        cellGroup.putDataset("coordinates", coordinateTable);
        if (data.matrix().readsBackRemotely()) {
            // The host that read each cell back: a coordinate of the cell, not a dimension.
            cellGroup.putDataset("reader", cells.stream().map(c -> data.matrix().reader(c).name()).toArray(String[]::new));
        }

        cellGroup.putDataset("fs_type", targetFact(data, cells.size(), SweepData.RunDetail::fsType));
        cellGroup.putDataset("mount_options", targetFact(data, cells.size(), SweepData.RunDetail::mountOptions));
        // Signature facts per cell, by cell index: few cells have any, so no n-dimensional copy.
        List<SweepData.CellTotals> totals = data.totals();
        cellGroup.putDataset("first_corrupt_iteration",
                totals.stream().mapToLong(SweepData.CellTotals::firstCorruptIteration).toArray());
        cellGroup.putDataset("stalls", totals.stream().mapToLong(SweepData.CellTotals::stalls).toArray());
        cellGroup.putDataset("nfs_retransmits", totals.stream().mapToLong(SweepData.CellTotals::nfsRetransmits).toArray());
        cellGroup.putDataset("nfs_major_timeouts",
                totals.stream().mapToLong(SweepData.CellTotals::nfsMajorTimeouts).toArray());

        WritableGroup measures = file.putGroup("measures");
        Object cellIndex = filled(shape, -1);
        for (int c = 0; c < cells.size(); c++) {
            set(cellIndex, coordinates[c], c);
        }
        measures.putDataset("cell_index", cellIndex, wholeChunk(shape));
        putMeasure(measures, "runs", shape, coordinates, totals, t -> t.sum().runs());
        putMeasure(measures, "iterations", shape, coordinates, totals, t -> t.sum().iterations());
        putMeasure(measures, "corrupt_iterations", shape, coordinates, totals, t -> t.sum().corruptIterations());
        putMeasure(measures, "corrupt_words", shape, coordinates, totals, t -> t.sum().corruptWords());
        putMeasure(measures, "bytes_verified", shape, coordinates, totals, t -> t.sum().bytesVerified());
        putMeasure(measures, "evidence_iterations", shape, coordinates, totals, t -> t.sum().evidenceIterations());
        putMeasure(measures, "evidence_corrupt_iterations", shape, coordinates, totals,
                t -> t.sum().evidenceCorruptIterations());
        for (RunStatus status : RunStatus.values()) {
            putMeasure(measures, "runs_" + status.label(), shape, coordinates, totals, t -> t.sum().runs(status));
        }
        putMeasure(measures, "runs_not_run", shape, coordinates, totals, SweepData.CellTotals::runsNotRun);
    }

    /** One fact of the target per cell, from its first run that reported one ("" when none did). */
    private static String[] targetFact(SweepData data, int cells, java.util.function.Function<SweepData.RunDetail, String> fact) {
        String[] values = new String[cells];
        java.util.Arrays.fill(values, "");
        for (SweepData.RunDetail d : data.details()) {
            String v = fact.apply(d);
            if (v != null && values[d.cell()].isEmpty()) {
                values[d.cell()] = v;
            }
        }
        return values;
    }

    /**
     * One deflated chunk for a whole measure: excluded cells leave zeros that deflate to nothing,
     * and jhdf writes a contiguous array one innermost row per system call, which a chunk avoids.
     */
    private static DatasetCreationOptions wholeChunk(int[] shape) {
        return DatasetCreationOptions.builder().chunkDimensions(shape).shuffle().deflate(4).build();
    }

    private static void putMeasure(WritableGroup group, String name, int[] shape, int[][] coordinates,
                                   List<SweepData.CellTotals> totals, ToLongFunction<SweepData.CellTotals> value) {
        Object array = filled(shape, 0);
        for (int c = 0; c < totals.size(); c++) {
            set(array, coordinates[c], value.applyAsLong(totals.get(c)));
        }
        group.putDataset(name, array, wholeChunk(shape));
    }

    /** One int64 column per field; jhdf cannot write empty datasets, so this is only called with events. */
    private static void writeEvents(WritableGroup events, List<SweepData.CorruptionRow> rows) {
        Map<String, ToLongFunction<SweepData.CorruptionRow>> columns = new java.util.LinkedHashMap<>();
        columns.put("cell", SweepData.CorruptionRow::cell);
        columns.put("run", SweepData.CorruptionRow::run);
        columns.put("iteration", SweepData.CorruptionRow::iteration);
        columns.put("offset", SweepData.CorruptionRow::offset);
        columns.put("expected", SweepData.CorruptionRow::expected);
        columns.put("actual", SweepData.CorruptionRow::actual);
        columns.put("mask", SweepData.CorruptionRow::mask);
        columns.put("time_ms", SweepData.CorruptionRow::timeMs);
        writeColumns(events, rows, columns);
    }

    /**
     * Chunked and deflated int64 columns: a million rows stay a few megabytes and read back by
     * column. Deflate's fastest level: on a million events the cube took 0.5-0.7 s less to write
     * than at level 4 and came out 14% larger (7.7 MB against 6.7 MB).
     */
    private static <T> void writeColumns(WritableGroup group, List<T> rows, Map<String, ToLongFunction<T>> columns) {
        DatasetCreationOptions options = DatasetCreationOptions.builder()
                .chunkDimensions(Math.min(rows.size(), EVENT_CHUNK)).shuffle().deflate(1).build();
        columns.forEach((name, f) -> group.putDataset(name, rows.stream().mapToLong(f).toArray(), options));
    }

    /**
     * One int64 column per field, like /events: {@code kind} indexes the root attribute
     * {@code extent_kinds}; a source field the pattern could not tell is -1.
     */
    private static void writeExtents(WritableGroup extents, List<SweepData.ExtentRow> rows) {
        Map<String, ToLongFunction<SweepData.ExtentRow>> columns = new java.util.LinkedHashMap<>();
        columns.put("cell", SweepData.ExtentRow::cell);
        columns.put("run", SweepData.ExtentRow::run);
        columns.put("iteration", SweepData.ExtentRow::iteration);
        columns.put("offset", SweepData.ExtentRow::offset);
        columns.put("length", SweepData.ExtentRow::length);
        columns.put("words", SweepData.ExtentRow::words);
        columns.put("kind", x -> x.kind().ordinal());
        columns.put("source_offset", x -> x.sourceOffset() == null ? -1 : x.sourceOffset());
        columns.put("source_iteration", x -> x.sourceIteration() == null ? -1 : x.sourceIteration());
        columns.put("source_tag", x -> x.sourceTag() == null ? -1 : x.sourceTag());
        writeColumns(extents, rows, columns);
    }

    /** An int64 array of rank {@code shape.length}: jhdf takes Java's nested arrays, so the rank is built at run time. */
    private static Object filled(int[] shape, long value) {
        Object array = Array.newInstance(long.class, shape);
        if (value != 0) {
            fill(array, value);
        }
        return array;
    }

    private static void fill(Object array, long value) {
        if (array instanceof long[] leaf) {
            java.util.Arrays.fill(leaf, value);
        } else {
            for (Object sub : (Object[]) array) {
                fill(sub, value);
            }
        }
    }

    private static void set(Object array, int[] at, long value) {
        Object a = array;
        for (int d = 0; d < at.length - 1; d++) {
            a = ((Object[]) a)[at[d]];
        }
        ((long[]) a)[at[at.length - 1]] = value;
    }
}
