package bitbisect.runner.execute;

import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.probe.WriterJar;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the writer as a child process of this machine. The child is wrapped in
 * {@link TimeoutWrapper}, so that even if this coordinator is killed (kill -9) the writer
 * cannot outlive the cell's timeout by more than a few seconds.
 */
public final class LocalExecutor implements Executor {

    /** Extra time the wrapper grants beyond the runner's own deadline before it kills. */
    private static final Duration WRAPPER_GRACE = Duration.ofSeconds(10);

    private final WriterJar jar;
    /** The writers running now, so a coordinator told to stop can end them. */
    private final java.util.Set<Process> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public LocalExecutor(WriterJar jar) {
        this.jar = jar;
    }

    @Override
    public String writerJar(Matrix.Host host) {
        return jar.path().toString();
    }

    @Override
    public Outcome exec(Matrix.Host host, List<String> argv, Duration timeout, Consumer<String> stdout,
                        Consumer<String> stderr) {
        List<String> command = TimeoutWrapper.around(timeout.plus(WRAPPER_GRACE), argv);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return new Outcome.NotStarted("cannot start " + String.join(" ", command) + ": " + e.getMessage());
        }
        running.add(process);
        try {
            return await(process, timeout, stdout, stderr);
        } finally {
            running.remove(process);
        }
    }

    @Override
    public Stopped stopAll(Duration bound) {
        stopping = true;
        List<Process> now = List.copyOf(running);
        now.forEach(LocalExecutor::killTree);
        return new Stopped(now.size(), now.isEmpty() ? 0 : 1);
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    private Outcome await(Process process, Duration timeout, Consumer<String> stdout, Consumer<String> stderr) {
        closeQuietly(process);
        Thread out = LinePump.start(process.getInputStream(), stdout, "stdout");
        Thread err = LinePump.start(process.getErrorStream(), stderr, "stderr");
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                out.join(TimeUnit.SECONDS.toMillis(10));
                err.join(TimeUnit.SECONDS.toMillis(10));
                return new Outcome.Exited(process.exitValue());
            }
            List<ProcessHandle> survivors = killTree(process);
            // What arrived before the kill is in; a survivor keeps its pipes open, so do not wait on them.
            out.join(500);
            err.join(500);
            return new Outcome.TimedOut(survivors.isEmpty() ? null : Outcome.TimedOut.outlivedKill("process "
                    + survivors.stream().map(h -> Long.toString(h.pid())).collect(java.util.stream.Collectors.joining(", "))));
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return new Outcome.NotStarted("interrupted");
        }
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close(); // the writer reads nothing
        } catch (IOException ignored) {
            // Nothing was written to it.
        }
    }

    /**
     * Kills the process and everything it started, children first so none is re-parented and
     * missed, and returns those still alive two seconds later.
     */
    static List<ProcessHandle> killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return tree.stream().filter(ProcessHandle::isAlive).toList();
    }


    @Override
    public void close() {
        // Nothing held between runs.
    }
}
