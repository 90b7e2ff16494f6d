package bitbisect.runner.cube;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepRecord;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Writes a sweep as an HDF5 cube (docs/cube.md): one dimension per matrix axis, in matrix order,
 * with the axis labels beside it; per-cell measures and run status counts as int64 arrays of
 * that shape; every corruption event as int64 columns; the matrix, sweep and host facts as text.
 * jhdf cannot append or truncate, so the file is written whole to a temporary name and renamed.
 */
public final class CubeWriter {

    /** Value of the root attribute {@code layout}; changes when the layout does. */
    public static final String LAYOUT = "bitbisect-cube-1";

    private CubeWriter() {
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
            if (!data.hostFacts().isEmpty()) {
                WritableGroup hosts = file.putGroup("hosts");
                data.hostFacts().forEach((host, json) -> hosts.putDataset(host, new String[] {json}));
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
        file.putAttribute("axes", data.matrix().axisNames().toArray(new String[0]));
    }

    private static void writeAxesAndMeasures(WritableHdfFile file, SweepData data) {
        Matrix m = data.matrix();
        List<Matrix.Axis> axes = m.axes();
        WritableGroup axisGroup = file.putGroup("axes");
        int[] shape = new int[axes.size()];
        for (int a = 0; a < axes.size(); a++) {
            axisGroup.putDataset(axes.get(a).name(), axes.get(a).values().toArray(new String[0]));
            shape[a] = axes.get(a).values().size();
        }
        List<Cell> cells = m.cells();
        int[][] coordinates = new int[cells.size()][];
        long[][] coordinateTable = new long[cells.size()][axes.size()];
        for (int c = 0; c < cells.size(); c++) {
            coordinates[c] = new int[axes.size()];
            for (int a = 0; a < axes.size(); a++) {
                coordinates[c][a] = axes.get(a).values().indexOf(cells.get(c).get(axes.get(a).name()));
                coordinateTable[c][a] = coordinates[c][a];
            }
        }
        WritableGroup cellGroup = file.putGroup("cells");
        cellGroup.putDataset("id", cells.stream().map(Cell::id).toArray(String[]::new));
        cellGroup.putDataset("coordinates", coordinateTable);

        WritableGroup measures = file.putGroup("measures");
        Object cellIndex = filled(shape, -1);
        for (int c = 0; c < cells.size(); c++) {
            set(cellIndex, coordinates[c], c);
        }
        measures.putDataset("cell_index", cellIndex);
        putMeasure(measures, "runs", shape, coordinates, cells, data, List::size);
        putMeasure(measures, "iterations", shape, coordinates, cells, data, sum(RunSummary::iterations));
        putMeasure(measures, "corrupt_iterations", shape, coordinates, cells, data, sum(RunSummary::corruptIterations));
        putMeasure(measures, "corrupt_words", shape, coordinates, cells, data, sum(RunSummary::corruptWords));
        putMeasure(measures, "bytes_verified", shape, coordinates, cells, data, sum(RunSummary::bytesVerified));
        for (RunStatus status : RunStatus.values()) {
            putMeasure(measures, "runs_" + status.label(), shape, coordinates, cells, data,
                    runs -> runs.stream().filter(r -> r.status() == status).count());
        }
        // Planned runs without a result, counted in one pass over the plan.
        Set<String> finished = new HashSet<>();
        data.runs().values().forEach(list -> list.forEach(r -> finished.add(r.cell() + "#" + r.run())));
        Map<String, Long> notRunByCell = new java.util.HashMap<>();
        data.sweep().plan().stream().filter(p -> !finished.contains(p.cell() + "#" + p.run()))
                .forEach(p -> notRunByCell.merge(p.cell(), 1L, Long::sum));
        Object notRun = filled(shape, 0);
        for (int c = 0; c < cells.size(); c++) {
            set(notRun, coordinates[c], notRunByCell.getOrDefault(cells.get(c).id(), 0L));
        }
        measures.putDataset("runs_not_run", notRun);
    }

    private static ToLongFunction<List<RunSummary>> sum(ToLongFunction<RunSummary> field) {
        return runs -> runs.stream().mapToLong(field).sum();
    }

    private static void putMeasure(WritableGroup group, String name, int[] shape, int[][] coordinates, List<Cell> cells,
                                   SweepData data, ToLongFunction<List<RunSummary>> value) {
        Object array = filled(shape, 0);
        for (int c = 0; c < cells.size(); c++) {
            set(array, coordinates[c], value.applyAsLong(data.runs().getOrDefault(cells.get(c).id(), List.of())));
        }
        group.putDataset(name, array);
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
        columns.forEach((name, f) -> events.putDataset(name, rows.stream().mapToLong(f).toArray()));
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
