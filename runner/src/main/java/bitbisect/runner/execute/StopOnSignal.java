package bitbisect.runner.execute;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a command runs writers, SIGINT (Ctrl-C) and SIGTERM end them before the coordinator
 * exits: it says what it is doing, asks the executor to end every running writer on every host
 * ({@link Executor#stopAll}, at most {@value #BOUND_SECONDS} s), says how many it ended, and
 * exits with 128 + the signal's number; a second signal exits at once. Runs cut short keep no
 * summary, as after a kill -9: the same command runs them again.
 *
 * <p>A signal handler, not a shutdown hook: once the JVM shuts down, the SSH connections the
 * writers run over are already gone (measured in StopIT), so the stop has to run before it.
 * {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's one way to do that. Closed when
 * the command is done with its executor: the JVM's own handling comes back.
 */
public final class StopOnSignal implements AutoCloseable {

    private static final int BOUND_SECONDS = 10;
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> before = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private StopOnSignal() {
    }

    public static StopOnSignal install(Executor executor, PrintStream err) {
        StopOnSignal installed = new StopOnSignal();
        AtomicBoolean stopping = installed.stopping;
        SignalHandler handler = signal -> {
            int code = 128 + signal.getNumber();
            if (stopping.getAndSet(true)) {
                err.println("stopping at once (a second signal): writers still running end at their timeout");
                err.flush();
                Runtime.getRuntime().halt(code);
            }
            err.println();
            err.println("stopping: ending the writers still running (at most " + BOUND_SECONDS + " s; again to exit"
                    + " at once)");
            err.flush();
            long started = System.nanoTime();
            Executor.Stopped stopped = executor.stopAll(Duration.ofSeconds(BOUND_SECONDS));
            err.printf(Locale.ROOT, "stopped: %d %s ended on %d %s in %.1f s; finished runs are kept, and the same"
                            + " command runs the rest%n", stopped.runs(), stopped.runs() == 1 ? "writer" : "writers",
                    stopped.hosts(), stopped.hosts() == 1 ? "host" : "hosts", (System.nanoTime() - started) / 1e9);
            err.flush();
            System.exit(code);
        };
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            SignalHandler before = Signal.handle(signal, handler);
            if (before == SignalHandler.SIG_IGN) {
                // Ignored by whoever started us (a background job of a script: a Ctrl-C at its
                // terminal is not meant for it): it stays ignored.
                Signal.handle(signal, SignalHandler.SIG_IGN);
                continue;
            }
            installed.before.add(before);
            installed.signals.add(signal);
        }
        return installed;
    }

    /**
     * Gives back the signals; when a stop is under way, first waits for it, which exits the JVM
     * with the signal's code: the command, whose runs ended early, must not exit first with its own.
     */
    @Override
    public void close() {
        if (stopping.get()) {
            try {
                Thread.sleep((BOUND_SECONDS + 5) * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), before.get(i));
        }
    }
}
