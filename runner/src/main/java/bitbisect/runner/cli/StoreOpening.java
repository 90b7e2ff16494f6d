package bitbisect.runner.cli;

import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.probe.WriterJar;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.SweepRecord;
import bitbisect.runner.sweep.Sweep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Starting or resuming a sweep's store: shared by sweep and bisect. */
final class StoreOpening {

    private StoreOpening() {
    }

    /** The sweep directory {@code id} under {@code --results}, once both are known to be usable as one. */
    static Path checkedDir(CommandSpec spec, ResultsOption results, String id) {
        String problem = results.problem();
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        if (!id.matches("[A-Za-z0-9_.-]+") || id.matches("\\.+")) {
            throw new ParameterException(spec.commandLine(), "--sweep " + id + ": use letters, digits, '.', '_' and '-'");
        }
        return results.root.resolve(id);
    }

    /**
     * The sweep's record: written now, with {@code plan}, for a new sweep; read back for one that
     * exists, which must have been made from the same matrix file.
     */
    static SweepRecord record(CommandSpec spec, ResultsStore store, MatrixOption matrixOption, Matrix matrix,
                              WriterJar jar, boolean resumeOnly, Supplier<List<SweepRecord.PlannedRun>> plan)
            throws IOException {
        String text = matrixOption.text();
        String sha = sha256(text);
        String id = store.dir().getFileName().toString();
        SweepRecord record = store.sweep().orElse(null);
        if (record == null) {
            if (resumeOnly) {
                throw new ParameterException(spec.commandLine(), "--resume: there is no sweep " + id + " to resume");
            }
            record = new SweepRecord(id, matrix.name(), matrixOption.file.toString(), sha, matrix.run().seed(),
                    Sweep.now(), Bitbisect.version(), jar.sha256(), plan.get());
            store.writeSweep(record, text);
        } else if (!record.matrixSha256().equals(sha)) {
            throw new ParameterException(spec.commandLine(), "sweep " + id + " was made from a different version of "
                    + matrixOption.file + "; name a new sweep with --sweep, or restore the matrix saved in "
                    + store.matrixFile());
        }
        return record;
    }

    /** The SHA-256 of a matrix file's text, in hex: it names the sweep and tells a changed matrix. */
    static String sha256(String text) {
        return WriterJar.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
