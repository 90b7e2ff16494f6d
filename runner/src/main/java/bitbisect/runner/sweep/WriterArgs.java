package bitbisect.runner.sweep;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.execute.WriterCall;
import bitbisect.writer.units.ByteSize;
import java.util.ArrayList;
import java.util.List;

/** Turns a cell and its run into the writer command line. */
final class WriterArgs {

    private WriterArgs() {
    }

    /**
     * The writer call for run {@code run}, attempt {@code attempt} of {@code cell}. Each attempt
     * writes its own file ({@code bitbisect-CELL-r1.bin}, {@code ...-r1-a2.bin}), so a writer
     * left over from a crashed coordinator never shares a file with its replacement.
     */
    static WriterCall of(Matrix matrix, Cell cell, int run, int attempt, Long iterationsOverride) {
        Matrix.Host host = matrix.host(cell.host()).orElseThrow();
        Matrix.Variant variant = matrix.variants().get(cell.variant());
        String java = variant.java() != null ? variant.java() : host.java() != null ? host.java() : "java";
        Matrix.Work work = matrix.work();
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--path", filePath(matrix, cell, run, attempt),
                "--size", cell.size(),
                "--block", ByteSize.of(work.block()).toString(),
                "--sync", cell.sync(),
                "--readback", cell.readback(),
                "--pattern", cell.pattern(),
                "--keep", "corrupt",
                "--max-events", Integer.toString(work.maxEvents()),
                "--stall", (matrix.run().stall().toMillis() / 1000.0) + "s",
                "--quiet"));
        if (iterationsOverride != null) {
            args.addAll(List.of("--iterations", iterationsOverride.toString()));
        } else if (work.duration() != null) {
            args.addAll(List.of("--duration", (work.duration().toMillis() / 1000.0) + "s"));
        } else {
            args.addAll(List.of("--iterations", work.iterations().toString()));
        }
        return new WriterCall(java, variant.flags(), args);
    }

    static String directory(Matrix matrix, Cell cell) {
        return matrix.host(cell.host()).orElseThrow().storage().get(cell.storage());
    }

    private static String filePath(Matrix matrix, Cell cell, int run, int attempt) {
        String dir = directory(matrix, cell);
        return (dir.endsWith("/") ? dir : dir + "/") + "bitbisect-" + cell.id() + "-r" + run
                + (attempt > 1 ? "-a" + attempt : "") + ".bin";
    }
}
