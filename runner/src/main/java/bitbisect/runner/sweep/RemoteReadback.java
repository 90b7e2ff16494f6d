package bitbisect.runner.sweep;

import bitbisect.runner.execute.Executor;
import bitbisect.runner.execute.Outcome;
import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.probe.WriterArgs;
import bitbisect.writer.event.Event;
import java.time.Duration;
import java.util.List;

/**
 * A run of a cell whose file another host reads back ({@code readback: remote}): per iteration
 * the cell's host writes the file into the shared storage and the verifying host reads it from
 * its own mount, so what comes back is what the server stored, not what the writer's page cache
 * holds. A clean file is deleted; a corrupt one is kept as evidence (the first {@code keepAtMost},
 * the rest deleted too once verified). The whole run, every write
 * and verify together, is bounded by the cell timeout.
 */
final class RemoteReadback {

    private RemoteReadback() {
    }

    static Outcome run(Matrix matrix, Cell cell, int run, int attempt, Long iterationsOverride, int keepAtMost,
                       Executor executor, RunRecorder recorder) {
        Matrix.Host writer = matrix.host(cell.host()).orElseThrow();
        Matrix.Host verifier = matrix.verifier(cell);
        Matrix.Work work = matrix.work();
        long started = System.nanoTime();
        long deadline = started + matrix.run().timeout().toNanos();
        long iterations = iterationsOverride != null ? iterationsOverride
                : work.iterations() != null ? work.iterations() : Long.MAX_VALUE;
        boolean corrupt = false;
        int kept = 0;
        for (long i = 1; i <= iterations; i++) {
            if (work.duration() != null && iterationsOverride == null && i > 1
                    && System.nanoTime() - started > work.duration().toNanos()) {
                break;
            }
            String name = WriterArgs.remoteFileName(cell, run, attempt, i);
            String written = WriterArgs.join(WriterArgs.directory(writer, cell), name);
            Outcome w = executor.run(writer, WriterArgs.directory(writer, cell), WriterArgs.write(matrix, cell, written, i),
                    left(deadline), recorder::stdoutLine, recorder::stderrLine);
            if (!exitedWith(w, Event.Status.CLEAN)) {
                return w;
            }
            Outcome v = executor.run(verifier, WriterArgs.directory(verifier, cell),
                    WriterArgs.verify(matrix, cell, WriterArgs.join(WriterArgs.directory(verifier, cell), name), i),
                    left(deadline), recorder::stdoutLine, recorder::stderrLine);
            if (exitedWith(v, Event.Status.CORRUPT)) {
                corrupt = true;
                if (kept < keepAtMost) {
                    kept++;
                    recorder.kept(writer.name() + ":" + written);
                    continue;
                }
            } else if (!exitedWith(v, Event.Status.CLEAN)) {
                return v;
            }
            executor.exec(writer, List.of("rm", "-f", "--", written), Duration.ofSeconds(30), line -> { }, line -> { });
        }
        return new Outcome.Exited((corrupt ? Event.Status.CORRUPT : Event.Status.CLEAN).exitCode());
    }

    private static boolean exitedWith(Outcome o, Event.Status status) {
        return o instanceof Outcome.Exited e && e.code() == status.exitCode();
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime()));
    }
}
