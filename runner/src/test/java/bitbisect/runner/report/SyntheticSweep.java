package bitbisect.runner.report;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.matrix.MatrixLoader;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepRecord;
import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventCodec;
import bitbisect.writer.event.WriterCommand;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds a results store with a known truth: every cell of a matrix gets the runs a function
 * says, with a start event and one corruption event per corrupt iteration (the low 32 bits of an
 * all-ones word cleared, as in the field case), in the files a real sweep writes.
 */
public final class SyntheticSweep {

    /**
     * One run of a cell: how it ended, its iterations and how many of them were corrupt, for a
     * run that failed the errno of its I/O error (null: none), and the stalls it reported.
     */
    public record Run(RunStatus status, long iterations, long corruptIterations, String errno, long stalls) {

        public Run(RunStatus status, long iterations, long corruptIterations) {
            this(status, iterations, corruptIterations, null, 0);
        }

        /** A clean run that reported {@code stalls} slow I/O calls. */
        public static Run stalled(long iterations, long stalls) {
            return new Run(RunStatus.CLEAN, iterations, 0, null, stalls);
        }

        public static Run clean(long iterations) {
            return new Run(RunStatus.CLEAN, iterations, 0);
        }

        public static Run corrupt(long iterations, long corruptIterations) {
            return new Run(RunStatus.CORRUPT, iterations, corruptIterations);
        }

        /** A run whose writer failed with {@code errno} after {@code iterations} clean ones. */
        public static Run failed(long iterations, String errno) {
            return new Run(RunStatus.ERROR, iterations, 0, errno, 0);
        }
    }

    static final long MASK = 0x00000000ffffffffL;
    static final long BLOCK = 1 << 20;

    private SyntheticSweep() {
    }

    /** Writes the store into {@code dir}; {@code runs} gives each cell's runs (none: planned but not run). */
    public static Matrix write(Path dir, String matrixYaml, Function<Cell, List<Run>> runs) throws IOException {
        Matrix matrix;
        try {
            matrix = MatrixLoader.parse("matrix.yaml", "synthetic", matrixYaml);
        } catch (bitbisect.runner.matrix.MatrixError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            List<SweepRecord.PlannedRun> plan = new ArrayList<>();
            matrix.cells().forEach(c -> plan.add(new SweepRecord.PlannedRun(c.id(), 1)));
            store.writeSweep(new SweepRecord(dir.getFileName().toString(), matrix.name(), "matrix.yaml", "0", 7,
                    "2026-01-01T00:00:00Z", "test", "sha", plan), matrixYaml);
            for (Cell cell : matrix.cells()) {
                int number = 0;
                for (Run run : runs.apply(cell)) {
                    number++;
                    store.beginAttempt(cell.id(), number);
                    try (BufferedWriter out = Files.newBufferedWriter(store.runFiles(cell.id(), number).events())) {
                        out.write(EventCodec.toJson(new Event.Start("pattern-writer", "test", WriterCommand.RUN,
                                new Event.Parameters("/x", BLOCK, BLOCK, cell.sync(), cell.readback(), null, null, cell.pattern(),
                                        run.iterations(), null, null, "corrupt", null, 1000, 10), null)));
                        out.write('\n');
                        for (long i = 1; i <= run.corruptIterations(); i++) {
                            // iteration i of the first ones, at a word that differs per cell and iteration
                            long offset = (i * 4096 + (cell.id().hashCode() & 0x1f8)) % BLOCK;
                            out.write(EventCodec.toJson(new Event.Corruption(i, offset, "0xffffffffffffffff",
                                    "0xffffffff00000000", String.format("0x%016x", MASK), List.of(0, 1, 2, 3),
                                    1_700_000_000_000L + i)));
                            out.write('\n');
                        }
                        for (long i = 1; i <= run.iterations(); i++) { // one line per iteration, as the writer prints
                            out.write(EventCodec.toJson(new Event.Iteration(i, BLOCK, 1L, null, 1L, 1L,
                                    i <= run.corruptIterations() ? 1 : 0, null, null, null)));
                            out.write('\n');
                        }
                        for (long i = 1; i <= run.stalls(); i++) {
                            out.write(EventCodec.toJson(new Event.Stall(i, bitbisect.writer.io.IoOperation.WRITE, 0L, 12.5)));
                            out.write('\n');
                        }
                        if (run.errno() != null) {
                            out.write(EventCodec.toJson(new Event.IoError(run.iterations() + 1,
                                    bitbisect.writer.io.IoOperation.WRITE, 0L, run.errno(), "synthetic", "/x")));
                            out.write('\n');
                        }
                    }
                    store.writeSummary(new RunSummary(cell.id(), number, 1, cell.host(), run.status(),
                            run.status() == RunStatus.HUNG ? null : 0, run.iterations(), run.corruptIterations(),
                            run.corruptIterations(), run.iterations() * BLOCK, run.iterations() * BLOCK,
                            "2026-01-01T00:00:00Z", 1.0, List.of(), run.errno() == null ? null : "write: synthetic ("
                            + run.errno() + ")", List.of(), null, null, run.errno() != null ? Boolean.TRUE : null));
                }
            }
        }
        return matrix;
    }
}
