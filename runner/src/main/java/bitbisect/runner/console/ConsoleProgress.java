package bitbisect.runner.console;

import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.sweep.SweepProgress;
import bitbisect.writer.units.Count;
import bitbisect.writer.units.DurationText;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Progress on stderr. On a terminal: one line per host, redrawn twice a second (current cell,
 * runs done / total, corrupt so far, ETA) and cut to the terminal's width, with a line printed
 * above them for each run that was not clean. Elsewhere (CI logs, pipes, {@code 2>log}): one
 * plain line per finished run.
 */
public final class ConsoleProgress implements SweepProgress, AutoCloseable {

    private static final class HostState {
        final int total;
        int done;
        int corruptRuns;
        long iterations;
        String current = "";
        String waiting;
        long busyNanos;
        long currentStart;

        HostState(int total) {
            this.total = total;
        }
    }

    private final PrintStream out;
    private final Terminal terminal;
    private final Map<String, HostState> hosts = new LinkedHashMap<>();
    private final int total;
    private final Thread ticker;
    private int done;
    private int drawnLines;
    private boolean closed;

    /** Progress on stderr, redrawn when stderr is a terminal ({@link Terminal#stderr()}). */
    public static ConsoleProgress onStderr(Map<String, Integer> runsPerHost) {
        return new ConsoleProgress(System.err, Terminal.stderr(), runsPerHost);
    }

    public ConsoleProgress(PrintStream out, Terminal terminal, Map<String, Integer> runsPerHost) {
        this.out = out;
        this.terminal = terminal;
        runsPerHost.forEach((h, n) -> hosts.put(h, new HostState(n)));
        this.total = runsPerHost.values().stream().mapToInt(Integer::intValue).sum();
        if (terminal.live()) {
            ticker = new Thread(this::tick, "progress");
            ticker.setDaemon(true);
            ticker.start();
        } else {
            ticker = null;
        }
    }

    @Override
    public synchronized void runStarted(String host, String cell, int run) {
        HostState h = hosts.get(host);
        h.current = cell + " run " + run;
        h.currentStart = System.nanoTime();
    }

    @Override
    public synchronized void iterationDone(String host, boolean corrupt) {
        hosts.get(host).iterations++;
    }

    @Override
    public synchronized void waiting(String host, String why) {
        HostState h = hosts.get(host);
        if (h == null || java.util.Objects.equals(h.waiting, why)) {
            return;
        }
        h.waiting = why;
        if (!terminal.live() && why != null) {
            out.println(host + ": waiting for its node: " + why);
            out.flush();
        }
    }

    @Override
    public synchronized void runFinished(RunSummary s) {
        HostState h = hosts.get(s.host());
        h.done++;
        h.busyNanos += System.nanoTime() - h.currentStart;
        h.current = "";
        if (s.status() == RunStatus.CORRUPT) {
            h.corruptRuns++;
        }
        done++;
        String line = String.format(Locale.ROOT, "[%d/%d] %s run %d: %s (%s, %.1f s)%s", done, total,
                s.cell(), s.run(), s.status() == RunStatus.CLEAN ? "clean" : s.status().label().toUpperCase(Locale.ROOT),
                Count.of(s.iterations(), "iteration"), s.elapsedSeconds(),
                s.message() == null ? "" : ": " + s.message());
        if (terminal.live()) {
            if (s.status() != RunStatus.CLEAN) {
                clear();
                out.println(line);
                draw();
            }
        } else {
            out.println(line + "  eta " + DurationText.format(eta()));
        }
        out.flush();
    }

    @Override
    public synchronized void retrying(RunSummary lost, Duration pause) {
        say(String.format(Locale.ROOT, "%s run %d: %s; trying again in %s (attempt %d)", lost.cell(), lost.run(),
                lost.message(), DurationText.format(pause), lost.attempt() + 1));
    }

    @Override
    public synchronized void runSkipped(String host, String cell, int run, String why) {
        HostState h = hosts.get(host);
        h.done++;
        done++;
        say(String.format(Locale.ROOT, "[%d/%d] %s run %d: %s", done, total, cell, run, why));
    }

    @Override
    public synchronized void note(String what) {
        say(what);
    }

    /** A line of its own: above the live view on a terminal. */
    private void say(String line) {
        if (terminal.live()) {
            clear();
            out.println(line);
            draw();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The longest remaining host time, from each host's average run time so far. */
    private Duration eta() {
        long worst = 0;
        for (HostState h : hosts.values()) {
            if (h.done > 0) {
                worst = Math.max(worst, h.busyNanos / h.done * (h.total - h.done));
            }
        }
        return Duration.ofNanos(worst);
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                clear();
                draw();
                out.flush();
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void clear() {
        for (int i = 0; i < drawnLines; i++) {
            out.print("\033[1A\033[2K");
        }
        drawnLines = 0;
    }

    private void draw() {
        for (Map.Entry<String, HostState> e : hosts.entrySet()) {
            HostState h = e.getValue();
            long avg = h.done == 0 ? 0 : h.busyNanos / h.done;
            out.println(terminal.fit(String.format(Locale.ROOT, "%-16s %4d/%-4d runs  corrupt %-3d eta %-8s %s",
                    e.getKey(), h.done, h.total, h.corruptRuns,
                    h.done == 0 ? "?" : DurationText.format(Duration.ofNanos(avg * (h.total - h.done))),
                    h.waiting != null ? "queued: " + h.waiting
                            : h.current.isEmpty() ? (h.done == h.total ? "done" : "waiting") : h.current)));
            drawnLines++;
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            closed = true; // the ticker may be waiting for this lock: it must not draw after the last view
            ticker.interrupt();
            clear();
            draw();
            out.flush();
        }
    }

    /** Runs per host of a plan, for the constructor. */
    public static Map<String, Integer> countByHost(List<String> hostOfEachRun) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        hostOfEachRun.forEach(h -> counts.merge(h, 1, Integer::sum));
        return counts;
    }
}
