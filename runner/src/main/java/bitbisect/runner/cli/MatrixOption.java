package bitbisect.runner.cli;

import bitbisect.cli.CliSupport;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.matrix.MatrixError;
import bitbisect.runner.matrix.MatrixLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The matrix file argument, loaded and checked; problems become a usage error listing each one. */
final class MatrixOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MATRIX", defaultValue = "matrix.yaml",
            description = "The matrix file. Default: ${DEFAULT-VALUE}.")
    Path file;

    private static final String FORMAT = "The matrix format is in docs/matrix.md; bitbisect cells MATRIX checks a file"
            + " and runs nothing.";

    Matrix load() {
        try {
            return MatrixLoader.load(file);
        } catch (MatrixError e) {
            throw new CliSupport.Hinted(spec.commandLine(), e.problems().size() == 1 ? e.getMessage()
                    : e.problems().size() + " problems in " + file + ":\n" + e.getMessage(), FORMAT);
        } catch (NoSuchFileException e) {
            throw new CliSupport.Hinted(spec.commandLine(), file + ": no such file; write one (see matrix.yaml at"
                    + " the top of the repository) or name it as the first argument", FORMAT);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), file + ": " + e.getMessage());
        }
    }

    String text() throws IOException {
        return Files.readString(file);
    }

    /** The matrix's name and a hash of the file, then {@code suffix}: the same file names the same sweep. */
    String defaultSweepId(Matrix matrix, String suffix) throws IOException {
        return matrix.name() + "-" + StoreOpening.sha256(text()).substring(0, 8) + suffix;
    }
}
