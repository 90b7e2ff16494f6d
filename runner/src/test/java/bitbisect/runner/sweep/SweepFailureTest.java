package bitbisect.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bitbisect.runner.execute.Executor;
import bitbisect.runner.execute.Outcome;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.matrix.MatrixLoader;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure of the coordinator's own code while running one cell (a bug, not the host) becomes
 * that run's error; the host's other runs go on and the sweep ends normally.
 */
class SweepFailureTest {

    @TempDir
    Path dir;

    /** Runs nothing: throws for the 1MiB cell, and answers as a clean writer would for the others. */
    private static final class BuggyExecutor implements Executor {
        @Override
        public Outcome exec(Matrix.Host host, List<String> argv, Duration timeout, Consumer<String> stdout,
                            Consumer<String> stderr) {
            int size = argv.indexOf("--size");
            if (size >= 0 && argv.get(size + 1).equals("1MiB")) {
                throw new IllegalStateException("boom");
            }
            if (argv.contains("run")) {
                stdout.accept("{\"event\":\"start\",\"command\":\"run\"}");
                stdout.accept("{\"event\":\"iteration\",\"iteration\":1,\"bytes\":65536,\"corrupt_words\":0}");
                stdout.accept("{\"event\":\"end\",\"status\":\"clean\",\"iterations\":1,\"corrupt_iterations\":0,"
                        + "\"corrupt_words\":0,\"events_not_printed\":0,\"bytes_written\":65536,"
                        + "\"bytes_verified\":65536,\"elapsed_ns\":1}");
            }
            return new Outcome.Exited(0);
        }

        @Override
        public String writerJar(Matrix.Host host) {
            return "/nowhere/pattern-writer.jar";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aBugWhileRunningOneCellIsThatRunsErrorAndTheOthersRun() throws Exception {
        Matrix matrix = MatrixLoader.parse("m.yaml", "m", "hosts: [{name: h, storage: {local: " + dir.resolve("s")
                + "}}]\naxes: {size: [64KiB, 1MiB, 2MiB]}\nwork: {iterations: 1}\nrun: {seed: 3}\n");
        try (ResultsStore store = ResultsStore.openForWriting(dir.resolve("results/m"))) {
            List<RunSummary> done = new Sweep(matrix, store, new BuggyExecutor(), SweepProgress.SILENT)
                    .run(Sweep.plan(matrix), null);

            assertEquals(3, done.size());
            Map<String, List<RunSummary>> runs = store.summaries();
            RunSummary failed = runs.get("h.local.buffered.1MiB.cached.default.alternating").get(0);
            assertEquals(RunStatus.ERROR, failed.status());
            assertEquals("bitbisect failed running this cell (java.lang.IllegalStateException: boom); please report"
                    + " it with the run's files", failed.message());
            assertEquals(RunStatus.CLEAN, runs.get("h.local.buffered.64KiB.cached.default.alternating").get(0).status());
            assertEquals(RunStatus.CLEAN, runs.get("h.local.buffered.2MiB.cached.default.alternating").get(0).status());
        }
    }
}
