package bitbisect.runner.cli;

import java.io.IOException;
import bitbisect.runner.store.ResultsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where sweeps are kept, and finding one in it. */
final class ResultsOption {

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
            description = "Directory holding one subdirectory per sweep. Default: ${DEFAULT-VALUE}.")
    Path root;

    /** What a rerun command needs to find these results: nothing for the default place. */
    String rerunOptions() {
        return root.equals(Path.of("results")) ? "" : " --results " + root;
    }

    /** The named sweep, or the one most recently changed when none is named. */
    Path sweepDir(String sweepId) throws IOException {
        if (sweepId != null) {
            Path dir = root.resolve(sweepId);
            if (!Files.isRegularFile(dir.resolve("sweep.json"))) {
                throw new IOException("no sweep '" + sweepId + "' in " + root + " (bitbisect status lists them)");
            }
            return dir;
        }
        return latest().orElseThrow(() -> new IOException("no sweeps in " + root + " yet; start one with: bitbisect sweep"));
    }

    Optional<Path> latest() throws IOException {
        return ResultsStore.latest(root);
    }
}
