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

    /** Why --results cannot hold sweeps (it is there, and no directory), or null. */
    String problem() {
        return Files.exists(root) && !Files.isDirectory(root)
                ? "--results " + root + " is not a directory: give the directory that holds one subdirectory per sweep"
                : null;
    }

    /** The named sweep, or the one most recently changed when none is named. */
    Path sweepDir(String sweepId) throws IOException {
        String problem = problem();
        if (problem != null) {
            throw new NoSuchSweep(problem);
        }
        if (sweepId != null) {
            Path dir = root.resolve(sweepId);
            if (!Files.isRegularFile(dir.resolve("sweep.json"))) {
                throw new NoSuchSweep("no sweep '" + sweepId + "' in " + root + available());
            }
            return dir;
        }
        return latest().orElseThrow(() -> new NoSuchSweep("no sweeps in " + root + " yet; start one with: bitbisect sweep"));
    }

    /** "; there are: a, b" (the sweeps in --results), or how to start one when there are none. */
    private String available() throws IOException {
        if (!Files.isDirectory(root)) {
            return " (no such directory; start a sweep with: bitbisect sweep)";
        }
        try (java.util.stream.Stream<Path> dirs = Files.list(root)) {
            java.util.List<String> ids = dirs.filter(d -> Files.isRegularFile(d.resolve("sweep.json")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
            return ids.isEmpty() ? " (there are none yet; start one with: bitbisect sweep)"
                    : "; there are: " + String.join(", ", ids);
        }
    }

    Optional<Path> latest() throws IOException {
        return ResultsStore.latest(root);
    }
}
