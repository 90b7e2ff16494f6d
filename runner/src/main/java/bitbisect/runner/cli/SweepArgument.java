package bitbisect.runner.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The optional SWEEP argument with --results: for commands that read one stored sweep. */
final class SweepArgument {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SWEEP", description = "The sweep (default: the most recent).")
    private String sweepId;

    @Mixin
    ResultsOption results;

    /** The named sweep's directory, or the most recent one's. */
    Path dir() throws IOException {
        return results.sweepDir(sweepId);
    }
}
