package bitbisect.runner.execute;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds a blocking step that has no time limit of its own. If the step is still running at the
 * deadline, {@code abort} runs (typically: close the connection the step is blocked on, so that
 * it throws), and {@link #expired()} then tells the caller why the step failed. sshj needs this:
 * an SSH connection through a jump host to a frozen host waits for the server's greeting with
 * no timeout at all.
 *
 * <pre>
 * try (Deadline d = Deadline.after(Duration.ofSeconds(40), () -&gt; client.close())) {
 *     client.connect(...);            // throws once the abort has closed it
 * }
 * </pre>
 */
final class Deadline implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "deadline");
        t.setDaemon(true);
        return t;
    });

    private final AtomicBoolean expired = new AtomicBoolean();
    private final ScheduledFuture<?> timer;

    private Deadline(Duration limit, Runnable abort) {
        this.timer = TIMER.schedule(() -> {
            expired.set(true);
            // On a thread of its own: closing a socket that another thread writes to can block.
            Thread t = new Thread(abort, "deadline-abort");
            t.setDaemon(true);
            t.start();
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Deadline after(Duration limit, Runnable abort) {
        return new Deadline(limit, abort);
    }

    /** Whether the deadline passed (and the abort ran) before {@link #close()}. */
    boolean expired() {
        return expired.get();
    }

    @Override
    public void close() {
        timer.cancel(false);
    }
}
