package bitbisect.runner.console;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One line of status on a live terminal, redrawn while long work goes on and erased when it
 * ends. It appears only once the work has taken longer than {@code after}, so a short command
 * shows nothing; on anything but a live terminal it prints nothing at all (a log gets no cursor
 * codes, and stdout is never touched).
 */
public final class StatusLine implements AutoCloseable {

    private static final long REDRAW_MILLIS = 250;

    private final PrintStream out;
    /** Asked on the ticker's thread once the delay has passed: measuring a terminal's width starts stty. */
    private final Supplier<Terminal> terminalAfterDelay;
    private final Supplier<String> status;
    private final long afterMillis;
    private final Thread ticker;
    private boolean shown;
    private boolean closed;

    private StatusLine(PrintStream out, Supplier<Terminal> terminal, Duration after, Supplier<String> status) {
        this.out = out;
        this.terminalAfterDelay = terminal;
        this.status = status;
        this.afterMillis = after.toMillis();
        ticker = new Thread(this::tick, "status-line");
        ticker.setDaemon(true); // never what keeps the process alive
        ticker.start();
    }

    /** A line on stderr when it is a live terminal ({@link Terminal#stderr()}). */
    public static StatusLine onStderr(Duration after, Supplier<String> status) {
        return new StatusLine(System.err, Terminal::stderr, after, status);
    }

    public static StatusLine on(PrintStream out, Terminal terminal, Duration after, Supplier<String> status) {
        return new StatusLine(out, () -> terminal, after, status);
    }

    private void tick() {
        try {
            Thread.sleep(afterMillis);
            Terminal terminal = terminalAfterDelay.get();
            if (!terminal.live()) {
                return;
            }
            while (draw(terminal)) {
                Thread.sleep(REDRAW_MILLIS);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private synchronized boolean draw(Terminal terminal) {
        if (closed) {
            return false;
        }
        out.print("\r\033[2K" + terminal.fit(status.get()));
        out.flush();
        shown = true;
        return true;
    }

    /** Stops the redraws and erases the line, so what the command prints next starts clean. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (shown) {
                out.print("\r\033[2K");
                out.flush();
            }
        }
        ticker.interrupt();
    }
}
