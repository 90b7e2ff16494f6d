package bitbisect.runner.analysis;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.FixedAxis;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.store.SweepData;
import bitbisect.writer.units.ByteSize;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sweep as the analysis sees it: axes (some ordered), each cell's coordinates, and each
 * cell's evidence (finished iterations and corrupt ones among them).
 *
 * @param at    at[cell][axis] is the index of the cell's value in that axis's values
 * @param n     finished iterations per cell (those clean, corrupt, and what failed or hung runs verified)
 * @param k     corrupt iterations among them
 * @param inconclusiveRuns runs per cell that ended hung, failed or unreachable
 * @param words words (8 bytes) verified per iteration: the cell's size / 8, its exposure per iteration
 * @param corruptWords corrupt words among the finished iterations
 */
public record Design(List<Axis> axes, List<String> cellIds, int[][] at, long[] n, long[] k, long[] inconclusiveRuns,
                     long[] words, long[] corruptWords) {

    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*");

    /**
     * One axis. {@code rank[v]} orders the values of an ordered axis (sizes by bytes, version
     * labels such as kernels numerically); null for an axis whose values have no order.
     */
    public record Axis(String name, List<String> values, int[] rank) {

        public boolean ordered() {
            return rank != null;
        }

        public boolean constant() {
            return values.size() < 2;
        }
    }

    /** The axis of the host that reads back, and of each of its labels: "reader", "reader.kernel". */
    public static final String READER = "reader";

    public static Design of(SweepData data) {
        Matrix m = data.matrix();
        List<Axis> axes = new ArrayList<>();
        for (Matrix.Axis a : m.axes()) {
            axes.add(new Axis(a.name(), a.values(), rank(a.name(), a.values())));
        }
        List<Cell> cells = m.cells();
        int[][] at = data.coordinates();
        if (m.readsBackRemotely()) {
            at = withReaders(m, axes, at);
        }
        long[] n = new long[cells.size()];
        long[] k = new long[cells.size()];
        long[] inconclusive = new long[cells.size()];
        long[] words = new long[cells.size()];
        long[] corruptWords = new long[cells.size()];
        for (int c = 0; c < cells.size(); c++) {
            inconclusive[c] = data.totals().get(c).sum().inconclusiveRuns();
            n[c] = data.totals().get(c).sum().evidenceIterations();
            k[c] = data.totals().get(c).sum().evidenceCorruptIterations();
            corruptWords[c] = data.totals().get(c).sum().evidenceCorruptWords();
            words[c] = ByteSize.parse(cells.get(c).size()).bytes() / 8;
        }
        return new Design(axes, cells.stream().map(Cell::id).toList(), at, n, k, inconclusive, words, corruptWords);
    }

    /** The same matrix and iterations with other corruption: {@code k} corrupt iterations and {@code corruptWords} per cell (one kind's). */
    public Design withCorruption(long[] k, long[] corruptWords) {
        return new Design(axes, cellIds, at, n, k, inconclusiveRuns, words, corruptWords);
    }

    /**
     * The same matrix with the run as the unit, for an outcome other than corruption (a hang, an
     * I/O error): {@code runs} per cell that reached their host, {@code hit} of them that ended
     * so. Each run is one unit of exposure, so the rates per word and per iteration coincide.
     */
    public Design perRun(long[] runs, long[] hit) {
        long[] one = new long[runs.length];
        java.util.Arrays.fill(one, 1);
        return new Design(axes, cellIds, at, runs, hit, new long[runs.length], one, hit);
    }

    public int cells() {
        return n.length;
    }

    public BitSet corruptCells() {
        BitSet s = new BitSet(n.length);
        for (int c = 0; c < n.length; c++) {
            if (k[c] > 0) {
                s.set(c);
            }
        }
        return s;
    }

    public BitSet cleanCells() {
        BitSet s = new BitSet(n.length);
        for (int c = 0; c < n.length; c++) {
            if (n[c] > 0 && k[c] == 0) {
                s.set(c);
            }
        }
        return s;
    }

    /** Cells whose value on {@code axis} is one of {@code values}. */
    public BitSet where(int axis, BitSet values) {
        // set(c) only: set(c, false) clears, which rescans the words in use each time
        BitSet s = new BitSet(n.length);
        for (int c = 0; c < n.length; c++) {
            if (values.get(at[c][axis])) {
                s.set(c);
            }
        }
        return s;
    }

    /** The values that {@code cells} take on {@code axis}. */
    public BitSet valuesOf(int axis, BitSet cells) {
        BitSet s = new BitSet();
        cells.stream().forEach(c -> s.set(at[c][axis]));
        return s;
    }

    public long iterations(BitSet cells) {
        return cells.stream().mapToLong(c -> n[c]).sum();
    }

    public long corruptIterations(BitSet cells) {
        return cells.stream().mapToLong(c -> k[c]).sum();
    }

    public long corruptWords(BitSet cells) {
        return cells.stream().mapToLong(c -> corruptWords[c]).sum();
    }

    /**
     * Adds the reader and its labels as axes: corruption that follows the host that reads the
     * file back (its cache, its NFS client) is then an explanation like any other.
     */
    private static int[][] withReaders(Matrix m, List<Axis> axes, int[][] at) {
        List<Cell> cells = m.cells();
        List<String> labels = m.hosts().isEmpty() ? List.of() : List.copyOf(m.hosts().get(0).labels().keySet());
        List<String> names = new ArrayList<>();
        names.add(READER);
        labels.forEach(l -> names.add(READER + "." + l));
        int[][] out = new int[cells.size()][];
        List<List<String>> values = new ArrayList<>();
        names.forEach(x -> values.add(new ArrayList<>()));
        for (int c = 0; c < cells.size(); c++) {
            Matrix.Host reader = m.reader(cells.get(c));
            out[c] = java.util.Arrays.copyOf(at[c], at[c].length + names.size());
            for (int i = 0; i < names.size(); i++) {
                String v = i == 0 ? reader.name() : reader.labels().get(labels.get(i - 1));
                if (!values.get(i).contains(v)) {
                    values.get(i).add(v);
                }
                out[c][at[c].length + i] = values.get(i).indexOf(v);
            }
        }
        for (int i = 0; i < names.size(); i++) {
            axes.add(new Axis(names.get(i), values.get(i), rank(names.get(i), values.get(i))));
        }
        return out;
    }

    /** Sizes order by bytes, labels that all look like versions (5.1, 3.10) numerically; others have no order. */
    private static int[] rank(String axis, List<String> values) {
        Comparator<String> order;
        FixedAxis fixed = FixedAxis.of(axis).orElse(null);
        if (fixed == FixedAxis.SIZE) {
            order = Comparator.comparingLong(v -> ByteSize.parse(v).bytes());
        } else if (fixed != FixedAxis.HOST && values.stream().allMatch(v -> VERSION.matcher(v).matches())) {
            order = Design::compareVersions;
        } else {
            return null;
        }
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(order);
        int[] rank = new int[values.size()];
        for (int v = 0; v < values.size(); v++) {
            rank[v] = sorted.indexOf(values.get(v));
        }
        return rank;
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int cmp = Long.compare(i < x.length ? Long.parseLong(x[i]) : 0, i < y.length ? Long.parseLong(y[i]) : 0);
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }
}
