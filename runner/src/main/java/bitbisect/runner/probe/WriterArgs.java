package bitbisect.runner.probe;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.writer.event.WriterCommand;
import bitbisect.writer.units.ByteSize;
import java.util.ArrayList;
import java.util.List;

/** Turns a cell and its run into the writer command line. */
public final class WriterArgs {

    private WriterArgs() {
    }

    /**
     * The writer call for run {@code run}, attempt {@code attempt} of {@code cell}, keeping at most
     * {@code keepAtMost} corrupt files (what the cell's budget has left). Each attempt
     * writes its own file ({@code bitbisect-CELL-r1.bin}, {@code ...-r1-a2.bin}), so a writer
     * left over from a crashed coordinator never shares a file with its replacement.
     */
    public static WriterCall of(Matrix matrix, Cell cell, int run, int attempt, Long iterationsOverride, int keepAtMost) {
        Matrix.Work work = matrix.work();
        List<String> args = new ArrayList<>(List.of(WriterCommand.RUN.label(), "--path", filePath(matrix, cell, run, attempt)));
        args.addAll(content(matrix, cell));
        args.addAll(List.of("--sync", cell.sync(), "--readback", cell.readback()));
        args.addAll(keepAtMost == 0 ? List.of("--keep", "none")
                : List.of("--keep", "corrupt", "--keep-max", Integer.toString(keepAtMost)));
        args.addAll(List.of("--max-events", Integer.toString(work.maxEvents())));
        if (iterationsOverride != null) {
            args.addAll(List.of("--iterations", iterationsOverride.toString()));
        } else if (work.duration() != null) {
            args.addAll(List.of("--duration", (work.duration().toMillis() / 1000.0) + "s"));
        } else {
            args.addAll(List.of("--iterations", work.iterations().toString()));
        }
        return call(matrix, cell.host(), cell, args);
    }

    /**
     * The shell command that runs {@code cell} once by hand on its host as the sweep ran it (its
     * java, variant flags and writer arguments), with the writer at {@code jar}; null for a cell
     * read back by another host, which takes a write there and a verify here.
     */
    public static String byHand(Matrix matrix, Cell cell, String jar) {
        if (matrix.verifier(cell) != null) {
            return null;
        }
        WriterCall call = of(matrix, cell, 1, 1, null, matrix.work().keepCorrupt());
        List<String> argv = new ArrayList<>();
        argv.add(call.java());
        argv.addAll(call.jvmFlags());
        argv.addAll(List.of("-jar", jar));
        argv.addAll(call.writerArgs());
        return ShellQuote.readable(argv);
    }

    /** One write pass of iteration {@code iteration} on the cell's host, for a remote read-back. */
    public static WriterCall write(Matrix matrix, Cell cell, String path, long iteration) {
        List<String> args = new ArrayList<>(List.of(WriterCommand.WRITE.label(), "--path", path, "--sync", cell.sync(),
                "--iteration", Long.toString(iteration)));
        args.addAll(content(matrix, cell));
        return call(matrix, cell.host(), cell, args);
    }

    /** The verifying host reads that file back from its own mount of the shared storage. */
    public static WriterCall verify(Matrix matrix, Cell cell, String path, long iteration) {
        List<String> args = new ArrayList<>(List.of(WriterCommand.VERIFY.label(), "--path", path, "--readback", "cached",
                "--iteration", Long.toString(iteration), "--max-events", Integer.toString(matrix.work().maxEvents())));
        args.addAll(content(matrix, cell));
        return call(matrix, matrix.verifier(cell).name(), cell, args);
    }

    /** What the file holds and how it is cut into calls; the same for every command of a cell. */
    private static List<String> content(Matrix matrix, Cell cell) {
        return List.of("--size", cell.size(), "--block", ByteSize.of(matrix.work().block()).toString(),
                "--pattern", cell.pattern(), "--stall", (matrix.run().stall().toMillis() / 1000.0) + "s", "--quiet");
    }

    /** The cell's variant on {@code hostName}: its java (or the host's), its JVM flags. */
    private static WriterCall call(Matrix matrix, String hostName, Cell cell, List<String> args) {
        Matrix.Host host = matrix.host(hostName).orElseThrow();
        Matrix.Variant variant = matrix.variants().get(cell.variant());
        String java = variant.java() != null ? variant.java() : host.java() != null ? host.java() : "java";
        return new WriterCall(java, variant.flags(), args);
    }

    /** File name of a remote read-back iteration; the same on both hosts, in their own mount of the storage. */
    public static String remoteFileName(Cell cell, int run, int attempt, long iteration) {
        return "bitbisect-" + cell.id() + "-r" + run + (attempt > 1 ? "-a" + attempt : "") + "-i" + iteration + ".bin";
    }

    /** File name of a run's test file (all iterations write it again), read back on its own host. */
    public static String fileName(Cell cell, int run, int attempt) {
        return "bitbisect-" + cell.id() + "-r" + run + (attempt > 1 ? "-a" + attempt : "") + ".bin";
    }

    public static String directory(Matrix matrix, Cell cell) {
        return directory(matrix.host(cell.host()).orElseThrow(), cell);
    }

    public static String directory(Matrix.Host host, Cell cell) {
        return host.storage().get(cell.storage());
    }

    public static String join(String dir, String name) {
        return (dir.endsWith("/") ? dir : dir + "/") + name;
    }

    private static String filePath(Matrix matrix, Cell cell, int run, int attempt) {
        return join(directory(matrix, cell), fileName(cell, run, attempt));
    }
}
