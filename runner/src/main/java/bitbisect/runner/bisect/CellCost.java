package bitbisect.runner.bisect;

import bitbisect.runner.analysis.Design;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a run of each cell costs in host seconds: a fixed part per run (JVM start, facts, the
 * connection) and a part per iteration. Measured from the sweep's finished runs. Where the
 * writer timed its iterations (write, sync, read and verify of each, in its events), a cell's
 * iteration costs what they took, and the fixed part is the median of what runs took beyond
 * them. Otherwise the fixed part is the smallest time any run took (at most
 * {@link #DEFAULT_PER_RUN}) and an iteration what a cell's runs took beyond it. A cell not run yet
 * is priced per byte like the measured cells of its group (same storage and sync mode: an O_SYNC
 * byte costs far more than a buffered one), or like all measured cells when its group has none.
 */
public record CellCost(double perRun, double[] perIteration) {

    /** The fixed cost of one local run measured on the development machines (JVM start and facts). */
    public static final double DEFAULT_PER_RUN = 1.0;
    /** Per byte written and read back, before anything is measured: 100 MB/s. */
    private static final double DEFAULT_PER_BYTE = 1e-8;
    private static final double FLOOR_PER_ITERATION = 1e-5;

    /**
     * One cell's finished runs (any status but unreachable) added up; the timed ones are those
     * whose iterations the writer timed ({@code ioSeconds} is their iterations' time).
     */
    public record Runs(long runs, long iterations, double seconds, long timedRuns, long timedIterations,
                       double timedSeconds, double ioSeconds) {
    }

    public double seconds(int cell, long iterations) {
        return perRun + iterations * perIteration[cell];
    }

    /** @param group cells with the same group number cost alike per byte */
    public static CellCost measured(Design design, Runs[] cells, int[] group) {
        int n = design.cells();
        List<Double> fixed = new ArrayList<>();
        double smallest = DEFAULT_PER_RUN;
        for (Runs r : cells) {
            if (r.timedRuns() > 0) {
                fixed.add(Math.max(0, (r.timedSeconds() - r.ioSeconds()) / r.timedRuns()));
            }
            if (r.runs() > 0) {
                smallest = Math.min(smallest, r.seconds() / r.runs());
            }
        }
        double perRun = fixed.isEmpty() ? smallest : median(fixed);
        double[] per = new double[n];
        Arrays.fill(per, Double.NaN);
        List<List<Double>> perByteByGroup = new ArrayList<>();
        List<Double> perByteAll = new ArrayList<>();
        int groups = Arrays.stream(group).max().orElse(-1) + 1;
        for (int g = 0; g < groups; g++) {
            perByteByGroup.add(new ArrayList<>());
        }
        for (int c = 0; c < n; c++) {
            Runs r = cells[c];
            if (r.timedIterations() > 0) {
                per[c] = Math.max(FLOOR_PER_ITERATION, r.ioSeconds() / r.timedIterations());
            } else if (r.runs() > 0 && r.iterations() > 0) {
                per[c] = Math.max(FLOOR_PER_ITERATION, (r.seconds() - r.runs() * perRun) / r.iterations());
            } else {
                continue;
            }
            double perByte = per[c] / bytes(design, c);
            perByteByGroup.get(group[c]).add(perByte);
            perByteAll.add(perByte);
        }
        double all = perByteAll.isEmpty() ? DEFAULT_PER_BYTE : median(perByteAll);
        for (int c = 0; c < n; c++) {
            if (Double.isNaN(per[c])) {
                List<Double> mine = perByteByGroup.get(group[c]);
                per[c] = Math.max(FLOOR_PER_ITERATION, (mine.isEmpty() ? all : median(mine)) * bytes(design, c));
            }
        }
        return new CellCost(perRun, per);
    }

    /** Bytes written and read back per iteration. */
    private static double bytes(Design design, int cell) {
        return 8.0 * design.words()[cell];
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }
}
