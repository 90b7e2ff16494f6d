package bitbisect.writer.io;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Watches the one I/O call in flight and reports it when it runs past a threshold, and again
 * at every further multiple of the threshold while it lasts: a write to a hung hard NFS mount
 * shows up as stall reports of 10 s, 20 s, 30 s... rather than as silence. It only reports;
 * it never interrupts the call.
 */
public final class IoWatch implements AutoCloseable {

    /** What is being waited on, for a report. */
    public record Stall(String operation, long offset, double seconds) {
    }

    private record Call(String operation, long offset, long startNanos) {
    }

    private static final IoWatch OFF = new IoWatch();

    private final long thresholdNanos;
    private final Consumer<Stall> listener;
    private final Thread thread;
    private volatile Call current;
    private volatile boolean closed;

    private IoWatch() {
        this.thresholdNanos = 0;
        this.listener = stall -> { };
        this.thread = null;
    }

    private IoWatch(Duration threshold, Consumer<Stall> listener) {
        this.thresholdNanos = threshold.toNanos();
        this.listener = listener;
        this.thread = new Thread(this::watch, "stall-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A watch reporting to {@code listener}; a zero threshold turns watching off. */
    public static IoWatch start(Duration threshold, Consumer<Stall> listener) {
        return threshold.isZero() || threshold.isNegative() ? OFF : new IoWatch(threshold, listener);
    }

    public void begin(String operation, long offset) {
        if (thread != null) {
            current = new Call(operation, offset, System.nanoTime());
        }
    }

    public void end() {
        current = null;
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
            Call call = current;
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

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
