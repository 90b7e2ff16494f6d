package bitbisect.runner.publish;

import bitbisect.runner.console.StatusLine;
import bitbisect.runner.console.StoreProgress;
import bitbisect.runner.cube.CubeWriter;
import bitbisect.runner.report.ReportWriter;
import bitbisect.runner.store.SweepData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What a sweep publishes, built from its store in one read: {@code cube.h5}, the report
 * ({@code report.html}, {@code report.md}, {@code findings.json}) and {@code junit.xml} for CI. Every sweep ends with it, and
 * {@code bitbisect report} runs it after reruns.
 *
 * <p>The cube and the report read the same data and write files of their own, so the cube is
 * written on a second thread while the report is worked out: on a sweep of a million
 * corruption events each takes about two seconds.
 */
public final class Publisher {

    /** A store that takes longer than this to publish shows where it is on a terminal. */
    public static final Duration SHOW_PROGRESS_AFTER = Duration.ofSeconds(1);

    /** The files written, and the sweep as read for them. */
    public record Published(SweepData data, Path cube, ReportWriter.Written report, Path junit) {
    }

    private Publisher() {
    }

    /** {@code rerunOptions} ends each rerun command the report suggests (" --results DIR" outside the default place). */
    public static Published publish(Path sweepDir, String rerunOptions) throws IOException {
        StoreProgress progress = new StoreProgress("report");
        try (StatusLine line = StatusLine.onStderr(SHOW_PROGRESS_AFTER, progress::text)) {
            SweepData data = SweepData.load(sweepDir, progress.read());
            progress.step("working out the report");
            FutureTask<Path> cube = new FutureTask<>(() -> CubeWriter.writeFor(data, sweepDir));
            Thread cubeWriter = new Thread(cube, "cube-writer");
            cubeWriter.start();
            ReportWriter.Written report;
            Path junit;
            try {
                report = ReportWriter.write(data, sweepDir, rerunOptions);
                junit = JunitXml.write(data, sweepDir, report.outcomes());
            } finally {
                progress.step("writing cube.h5");
                awaitQuietly(cubeWriter); // never leave the cube half written behind a failed report
            }
            return new Published(data, cubeOf(cube), report, junit);
        }
    }

    private static Path cubeOf(FutureTask<Path> cube) throws IOException {
        try {
            return cube.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the cube was written", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("writing the cube failed", cause);
        }
    }

    private static void awaitQuietly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
