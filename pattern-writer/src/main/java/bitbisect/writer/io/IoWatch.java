package bitbisect.writer.io;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Watches the I/O calls in flight and reports the oldest when it runs past a threshold, and
 * again at every further multiple of the threshold while it lasts: a write to a hung hard NFS
 * mount shows up as stall reports of 10 s, 20 s, 30 s... rather than as silence. It only
 * reports; it never interrupts the call.
 *
 * <p>The thread that made the watch calls {@link #begin} and {@link #end}; each other thread
 * making I/O calls (the read-back's readers) takes a {@link Lane} of its own, so one thread's
 * finished call never hides another's that hangs.
 */
public final class IoWatch implements AutoCloseable {

    /** A call on the target that may block: open, stat, delete, rename...; {@code E} what it throws. */
    @FunctionalInterface
    public interface TargetCall<T, E extends Exception> {
        T call() throws E;
    }

    /** What is being waited on, for a report. */
    public record Stall(IoOperation operation, long offset, double seconds) {
    }

    private record Call(IoOperation operation, long offset, long startNanos) {
    }

    /** One thread's call in flight. */
    public final class Lane implements AutoCloseable {
        private volatile Call current;

        private Lane() {
        }

        public void begin(IoOperation operation, long offset) {
            if (thread != null) {
                current = new Call(operation, offset, System.nanoTime());
            }
        }

        public void end() {
            current = null;
        }

        /** The thread is done with I/O: its lane is no longer watched. */
        @Override
        public void close() {
            current = null;
            lanes.remove(this);
        }
    }

    private static final IoWatch OFF = new IoWatch();

    private final long thresholdNanos;
    private final Consumer<Stall> listener;
    private final Thread thread;
    private final List<Lane> lanes = new CopyOnWriteArrayList<>();
    private final Lane own = new Lane();
    private volatile boolean closed;

    private IoWatch() {
        this.thresholdNanos = 0;
        this.listener = stall -> { };
        this.thread = null;
    }

    private IoWatch(Duration threshold, Consumer<Stall> listener) {
        this.thresholdNanos = threshold.toNanos();
        this.listener = listener;
        this.lanes.add(own);
        this.thread = new Thread(this::watch, "stall-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A watch reporting to {@code listener}; a zero threshold turns watching off. */
    public static IoWatch start(Duration threshold, Consumer<Stall> listener) {
        return threshold.isZero() || threshold.isNegative() ? OFF : new IoWatch(threshold, listener);
    }

    public void begin(IoOperation operation, long offset) {
        own.begin(operation, offset);
    }

    public void end() {
        own.end();
    }

    /**
     * Makes {@code call} under the watch as {@code operation}: every call that reaches the target's
     * filesystem goes through here or {@link #begin}/{@link #end}, because on a mount that stopped
     * answering any of them (a delete, an fstat) is the one that hangs.
     */
    public <T, E extends Exception> T watched(IoOperation operation, long offset, TargetCall<T, E> call) throws E {
        own.begin(operation, offset);
        try {
            return call.call();
        } finally {
            own.end();
        }
    }

    /** A lane for another thread's calls, watched until it is closed. */
    public Lane lane() {
        Lane lane = new Lane();
        if (thread != null) {
            lanes.add(lane);
        }
        return lane;
    }

    private void watch() {
        long tick = Math.max(10_000_000L, Math.min(thresholdNanos / 4, 1_000_000_000L));
        Call reported = null;
        long reports = 0;
        while (!closed) {
            try {
                Thread.sleep(tick / 1_000_000, (int) (tick % 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
            Call call = oldest();
            if (call == null) {
                continue;
            }
            if (call != reported) {
                reported = call;
                reports = 0;
            }
            long elapsed = System.nanoTime() - call.startNanos();
            if (elapsed >= thresholdNanos * (reports + 1)) {
                reports = elapsed / thresholdNanos;
                listener.accept(new Stall(call.operation(), call.offset(), elapsed / 1e9));
            }
        }
    }

    private Call oldest() {
        Call oldest = null;
        for (Lane lane : lanes) {
            Call call = lane.current;
            if (call != null && (oldest == null || call.startNanos() - oldest.startNanos() < 0)) {
                oldest = call;
            }
        }
        return oldest;
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
