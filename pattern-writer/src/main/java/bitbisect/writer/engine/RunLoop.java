package bitbisect.writer.engine;

import bitbisect.writer.event.Event;
import bitbisect.writer.io.Evidence;
import bitbisect.writer.io.IoFailure;
import bitbisect.writer.io.PatternFile;
import bitbisect.writer.io.Readback;
import bitbisect.writer.io.SyncMode;
import bitbisect.writer.pattern.Pattern;
import bitbisect.writer.units.ByteSize;
import bitbisect.writer.units.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The iteration loop of {@code run}: write the file, make it durable as the sync mode says, read
 * it back, verify every word, then delete it or keep it as evidence. Stops after {@code count}
 * iterations, once {@code duration} has passed (the iteration in progress completes), or at the
 * first I/O error.
 *
 * @param count    iterations to run; {@code Long.MAX_VALUE} with a duration
 * @param duration how long to go on, or null
 * @param keepMax  files kept at most (the first ones); later ones are deleted as if clean
 * @param quiet    no progress lines on stderr
 */
public record RunLoop(Path path, long size, int block, int alignment, Pattern pattern, SyncMode sync,
                      Readback readback, long count, Duration duration, Evidence.Keep keep, int keepMax,
                      int maxEvents, boolean quiet) {

    /** Runs the iterations into {@code job}, whose {@code start} has been emitted; the caller ends it. */
    public void run(Job job) {
        // Elapsed time against the duration, not the clock against a deadline: now plus a long
        // duration can overflow the nanosecond clock and end the run at once.
        long start = System.nanoTime();
        long limit = duration == null || duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE
                : duration.toNanos();
        PatternFile file = new PatternFile(path, size, block, alignment, job.watch());
        Progress progress = new Progress(job, quiet, count, duration);
        int keptFiles = 0;
        for (long i = 1; i <= count && (i == 1 || System.nanoTime() - start < limit); i++) {
            job.startIteration(i);
            Pattern forIteration = pattern.forIteration(i);
            PatternFile.Written written;
            Job.Check check;
            String kept;
            try {
                written = job.write(file, forIteration, sync);
                check = job.verify(file, forIteration, readback, maxEvents);
                Path evidence = Evidence.settle(path, i, check.corrupt(), keptFiles < keepMax ? keep : Evidence.Keep.NONE,
                        job.watch());
                kept = evidence == null ? null : evidence.toString();
                keptFiles += evidence == null ? 0 : 1;
            } catch (IoFailure failure) {
                job.failed(failure);
                return;
            }
            PatternFile.Verified v = check.verified();
            job.emit(new Event.Iteration(i, size, written.writeNanos(), written.syncNanos(), v.readNanos(),
                    v.verifyNanos(), v.corruptWords(), written.flags(), v.flags(), kept));
            progress.iterationDone(i, size, written, v, check.corrupt());
        }
    }

    /** Progress lines on stderr: at most one a second, plus the first, the corrupt and the last iteration. */
    private static final class Progress {
        private final Job job;
        private final boolean quiet;
        private final long count;
        private final Duration duration;
        private final long started = System.nanoTime();
        private long lastLine;

        Progress(Job job, boolean quiet, long count, Duration duration) {
            this.job = job;
            this.quiet = quiet;
            this.count = count;
            this.duration = duration;
        }

        void iterationDone(long i, long bytes, PatternFile.Written w, PatternFile.Verified v, boolean corrupt) {
            long now = System.nanoTime();
            if (quiet || (!corrupt && i != 1 && i != count && now - lastLine < 1_000_000_000L)) {
                return;
            }
            lastLine = now;
            String of = count != Long.MAX_VALUE ? "/" + count
                    : " (" + DurationText.format(duration.minusNanos(now - started).isNegative() ? Duration.ZERO
                    : duration.minusNanos(now - started)) + " left)";
            job.say(String.format(Locale.ROOT, "iteration %d%s: %s, write %s/s, read %s/s, %s", i, of,
                    ByteSize.approximate(bytes), rate(bytes, w.writeNanos() + w.syncNanos()),
                    rate(bytes, v.readNanos() + v.verifyNanos()), corrupt ? "CORRUPT" : "clean"));
        }

        private static String rate(long bytes, long nanos) {
            return ByteSize.approximate(nanos == 0 ? 0 : bytes * 1e9 / nanos);
        }
    }
}
