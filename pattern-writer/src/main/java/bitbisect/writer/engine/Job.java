package bitbisect.writer.engine;

import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventSink;
import bitbisect.writer.event.WriterCommand;
import bitbisect.writer.facts.Facts;
import bitbisect.writer.facts.FactsCollector;
import bitbisect.writer.facts.NfsCounters;
import bitbisect.writer.io.IoFailure;
import bitbisect.writer.io.IoOperation;
import bitbisect.writer.io.IoWatch;
import bitbisect.writer.io.PatternFile;
import bitbisect.writer.io.Readback;
import bitbisect.writer.io.SyncMode;
import bitbisect.writer.pattern.Pattern;
import bitbisect.writer.units.ByteSize;
import bitbisect.writer.units.Count;
import bitbisect.writer.units.Decimal;
import bitbisect.writer.verify.CorruptWord;
import bitbisect.writer.verify.CorruptionKind;
import bitbisect.writer.verify.ExtentTracker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One command's event stream from {@code start} to {@code end}: it emits the events, watches for
 * stalls, keeps the totals and turns the outcome into the exit code. Human messages go to
 * stderr; stdout carries only JSON Lines. The commands ({@code run}, {@code write},
 * {@code verify}) drive it; {@link RunLoop} is the iteration loop of {@code run}.
 */
public final class Job implements AutoCloseable {

    /** Outcome of one read-back. */
    public record Check(PatternFile.Verified verified, boolean sizeMismatch) {
        public boolean corrupt() {
            return sizeMismatch || verified.corruptWords() > 0;
        }
    }

    private final EventSink events;
    private final PrintWriter err;
    private final IoWatch watch;
    private final FactsCollector collector = new FactsCollector();
    private String mountPoint;
    private NfsCounters nfsAtStart;
    private final long startNanos = System.nanoTime();
    private long size;
    private volatile long iteration;
    private long iterations;
    private long corruptIterations;
    private long corruptWords;
    private long eventsNotPrinted;
    private long bytesWritten;
    private long bytesVerified;
    private Event.Status status = Event.Status.CLEAN;

    private Job(EventSink events, PrintWriter err, Duration stall) {
        this.events = events;
        this.err = err;
        this.watch = IoWatch.start(stall, s -> {
            events.emit(new Event.Stall(iteration, s.operation(), s.offset(), round(s.seconds())));
            err.printf(Locale.ROOT, "stall: %s at offset %d has been running %.1f s%n", s.operation(), s.offset(), s.seconds());
            err.flush();
        });
    }

    /**
     * A job whose stall watch runs from here on: the command's checks of the target
     * ({@link #checking}) and the facts come before {@code start}, and on a mount that stopped
     * answering even those block; {@code stall} events (operation {@code stat}) then come before
     * {@code start} rather than silence.
     */
    public static Job watching(EventSink events, PrintWriter err, Duration stall) {
        return new Job(events, err, stall);
    }

    /** The command's checks of its target (does the directory exist, is the path a file...), watched. */
    public <T> T checking(Supplier<T> checks) {
        return watch.watched(IoOperation.STAT, 0, checks::get);
    }

    /** Collects the facts, watched, and emits the {@code start} event. */
    public void start(String version, WriterCommand command, Event.Parameters parameters, Path target) {
        size = parameters.size();
        Facts facts = checking(() -> collector.collect(target));
        mountPoint = facts.target() == null ? null : facts.target().mountPoint();
        nfsAtStart = facts.target() == null ? null : facts.target().nfs();
        events.emit(new Event.Start("pattern-writer", version, command, parameters, facts));
    }

    public IoWatch watch() {
        return watch;
    }

    public void startIteration(long number) {
        iteration = number;
        iterations++;
    }

    public PatternFile.Written write(PatternFile file, Pattern pattern, SyncMode mode) throws IoFailure {
        PatternFile.Written written = file.write(pattern, mode);
        bytesWritten += size;
        return written;
    }

    /**
     * Reads the file back and emits what is wrong: its corrupt words merged into extents, each
     * extent's {@code corruption} events (every word of a flip, the first word of a zeroed,
     * stale or misplaced range) and then its {@code extent} event, at most {@code maxEvents} of
     * each per iteration, counting every word not printed; and a {@code size_mismatch} when the
     * length is off.
     */
    public Check verify(PatternFile file, Pattern pattern, Readback readback, int maxEvents) throws IoFailure {
        long before = eventsNotPrinted;
        long[] printed = {0};
        long[] extents = {0};
        long[] firstOffset = {-1};
        Map<CorruptionKind, Long> kinds = new EnumMap<>(CorruptionKind.class);
        ExtentTracker tracker = new ExtentTracker(pattern, iteration, maxEvents, (extent, first) -> {
            boolean everyWord = extent.kind().everyWordPrinted();
            boolean described = extents[0] < maxEvents;
            List<CorruptWord> shown = everyWord || !described ? first : first.subList(0, Math.min(1, first.size()));
            for (CorruptWord w : shown) {
                if (printed[0] < maxEvents) {
                    printed[0]++;
                    events.emit(new Event.Corruption(iteration, w.offset(), CorruptWord.hex(w.expected()),
                            CorruptWord.hex(w.actual()), CorruptWord.hex(w.mask()), w.bytes(), System.currentTimeMillis()));
                } else {
                    eventsNotPrinted++;
                }
            }
            if (described) {
                extents[0]++;
                events.emit(new Event.Extent(iteration, extent.offset(), extent.length(), extent.words(), extent.kind(),
                        extent.sourceOffset(), extent.sourceIteration(), extent.sourceTag()));
            }
            if (everyWord || !described) {
                eventsNotPrinted += extent.words() - shown.size(); // beyond the words buffered
            }
            kinds.merge(extent.kind(), 1L, Long::sum);
        });
        PatternFile.Verified v = file.verify(pattern, readback, (CorruptWord w) -> {
            if (firstOffset[0] < 0) {
                firstOffset[0] = w.offset();
            }
            tracker.accept(w);
        });
        tracker.finish();
        events.flush();
        boolean sizeMismatch = v.actualSize() != size;
        if (sizeMismatch) {
            events.emit(new Event.SizeMismatch(iteration, size, v.actualSize()));
        }
        bytesVerified += v.bytesCompared();
        corruptWords += v.corruptWords();
        Check check = new Check(v, sizeMismatch);
        if (check.corrupt()) {
            corruptIterations++;
            status = status.worst(Event.Status.CORRUPT);
            err.printf(Locale.ROOT, "CORRUPT: iteration %d: %s%s%s%s%s%n", iteration, Count.of(v.corruptWords(), "corrupt word"),
                    firstOffset[0] < 0 ? "" : ", first at offset " + firstOffset[0],
                    kinds.isEmpty() ? "" : " (extents: " + String.join(", ", kinds.entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey().label()).toList()) + ")",
                    eventsNotPrinted > before ? " (" + (eventsNotPrinted - before) + " beyond --max-events not printed)" : "",
                    sizeMismatch ? "; file is " + v.actualSize() + " bytes, expected " + size : "");
            err.flush();
        }
        return check;
    }

    public void emit(Event event) {
        events.emit(event);
    }

    public void failed(IoFailure failure) {
        status = Event.Status.ERROR;
        events.emit(new Event.IoError(iteration, failure.operation(), failure.offset(), failure.errno(),
                failure.getMessage(), String.valueOf(failure.path())));
        err.println("error: " + failure.describe());
        err.flush();
    }

    public void say(String line) {
        err.println(line);
        err.flush();
    }

    public long iterations() {
        return iterations;
    }

    /** Emits {@code end} with totals and NFS counter deltas, and returns the exit code. */
    public int end() {
        NfsCounters delta = null;
        if (nfsAtStart != null) {
            NfsCounters now = collector.nfsCounters(mountPoint);
            delta = now == null ? null : now.since(nfsAtStart);
        }
        long elapsed = System.nanoTime() - startNanos;
        events.emit(new Event.End(status, iterations, corruptIterations, corruptWords, eventsNotPrinted, bytesWritten,
                bytesVerified, elapsed, delta));
        err.println(status.name().toLowerCase(Locale.ROOT) + ": " + Count.of(iterations, "iteration") + ", "
                + ByteSize.approximate(bytesWritten) + " written, " + ByteSize.approximate(bytesVerified) + " verified, "
                + Count.of(corruptWords, "corrupt word") + " in " + Count.of(corruptIterations, "iteration") + ", "
                + Decimal.oneDecimal(elapsed / 1e9) + " s");
        err.flush();
        return status.exitCode();
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    @Override
    public void close() {
        watch.close();
    }
}
