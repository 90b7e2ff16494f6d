package bitbisect.runner.sweep;

import bitbisect.runner.execute.Executor;
import bitbisect.runner.execute.Outcome;
import bitbisect.runner.execute.QueueWatch;
import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.probe.WriterArgs;
import bitbisect.runner.probe.WriterCall;
import bitbisect.runner.store.JournalEntry;
import bitbisect.runner.store.ResultsNotWritten;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunState;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepRecord.PlannedRun;
import bitbisect.writer.units.ByteSize;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs planned cell runs: hosts in parallel (at most {@code run.parallel_hosts} at once), each
 * host working through its own runs in plan order, {@code run.per_host} at a time; cells of a
 * mount found hung are held back ({@link HungMounts}). Every run's
 * events go to the store as they arrive and its summary is written when it ends, so stopping
 * the sweep at any moment loses at most the runs in flight, which run again on resume.
 */
public final class Sweep {

    private final Matrix matrix;
    private final ResultsStore store;
    private final Executor executor;
    private final SweepProgress progress;
    private boolean releaseHosts = true;
    private final EvidenceBudget evidence;
    private HungMounts mounts;

    public Sweep(Matrix matrix, ResultsStore store, Executor executor, SweepProgress progress) {
        this.matrix = matrix;
        this.store = store;
        this.executor = executor;
        this.progress = progress;
        this.mounts = new HungMounts(matrix, executor);
        this.evidence = new EvidenceBudget(matrix.work().keepCorrupt(), this::keptSoFar);
    }

    /** The corrupt files {@code cell}'s finished runs kept, as the store holds them. */
    private int keptSoFar(String cell) throws IOException {
        int kept = 0;
        for (int run = 1, last = store.lastRun(cell); run <= last; run++) {
            if (store.inspect(cell, run) instanceof RunState.Settled s) {
                kept += s.summary().kept().size();
            }
        }
        return kept;
    }

    /** Holds back cells by {@code shared}'s account of hung mounts, which outlives this sweep (a hunt's rounds). */
    public Sweep watching(HungMounts shared) {
        mounts = shared;
        return this;
    }

    /**
     * Keeps each host's hold (a Slurm node's job) when its runs are done, for the next call of
     * {@link #run}: a hunt's rounds follow each other within seconds, and a new job would wait
     * in the queue again. By default a host is let go as soon as its runs are done.
     */
    public Sweep keepingHosts() {
        releaseHosts = false;
        return this;
    }

    /**
     * Every cell {@code work.replicates} times, shuffled with the matrix seed so that time of day
     * is not confounded with any factor; the same seed gives the same order.
     */
    public static List<PlannedRun> plan(Matrix matrix) {
        List<PlannedRun> runs = new ArrayList<>();
        for (int r = 1; r <= matrix.work().replicates(); r++) {
            for (Cell c : matrix.cells()) {
                runs.add(new PlannedRun(c.id(), r));
            }
        }
        Collections.shuffle(runs, new Random(matrix.run().seed()));
        return runs;
    }

    /**
     * Runs {@code runs} (those already done in the store are skipped) and returns the summaries
     * of the runs made now, in the order they finished.
     *
     * @param iterations replaces the matrix's work per run when not null (rerun --iterations)
     */
    public List<RunSummary> run(List<PlannedRun> runs, Long iterations) throws InterruptedException, IOException {
        return run(runs, r -> iterations, cell -> null);
    }

    /**
     * As {@link #run(List, Long)}, with the iterations of each run ({@code iterations} gives null
     * for the matrix's work), leaving out the runs of cells for which {@code skip} gives a reason
     * (the preflight's): each is journaled as skipped with it and stays to be run later.
     */
    public List<RunSummary> run(List<PlannedRun> runs, Function<PlannedRun, Long> iterations,
                                Function<Cell, String> skip)
            throws InterruptedException, IOException {
        Map<String, ConcurrentLinkedQueue<PlannedRun>> byHost = new LinkedHashMap<>();
        for (PlannedRun r : runs) {
            if (!store.isDone(r.cell(), r.run())) {
                Cell cell = matrix.cell(r.cell()).orElseThrow();
                String reason = skip.apply(cell);
                if (reason != null) {
                    store.journal(JournalEntry.SKIP, cell.id(), r.run(), cell.host(), reason);
                    continue;
                }
                byHost.computeIfAbsent(cell.host(), h -> new ConcurrentLinkedQueue<>()).add(r);
            }
        }
        List<RunSummary> finished = Collections.synchronizedList(new ArrayList<>());
        executor.watch(progress::waiting);
        ExecutorService hostPool = Executors.newFixedThreadPool(Math.max(1,
                Math.min(matrix.run().parallelHosts(), byHost.size())));
        try {
            List<Future<?>> hostJobs = new ArrayList<>();
            for (Map.Entry<String, ConcurrentLinkedQueue<PlannedRun>> e : byHost.entrySet()) {
                Matrix.Host host = matrix.host(e.getKey()).orElseThrow();
                hostJobs.add(hostPool.submit(() -> {
                    workHost(e.getValue(), iterations, finished);
                    if (releaseHosts) {
                        executor.release(host);
                    }
                    return null;
                }));
            }
            for (Future<?> job : hostJobs) {
                try {
                    job.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // The store could not be written (a full disk): nothing more can be kept, so stop.
                    Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                    if (cause instanceof IOException io) {
                        throw ResultsNotWritten.of(io, store.dir());
                    }
                    throw new IllegalStateException("a host worker failed", e.getCause());
                }
            }
        } finally {
            hostPool.shutdownNow();
            executor.watch(QueueWatch.QUIET);
        }
        return finished;
    }

    /** Waits before each retry of an unreachable run: the host may be rebooting or its link flapping. */
    static final List<Duration> RETRY_BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(9));

    /**
     * {@code per_host} workers take runs from one host's queue until it is empty. A run whose
     * host cannot be reached is retried after each {@link #RETRY_BACKOFF} pause; if the host is
     * still unreachable, it is given up for this sweep: its remaining runs are recorded as
     * unreachable at once (a resumed sweep tries them again) and the other hosts go on.
     */
    private Void workHost(ConcurrentLinkedQueue<PlannedRun> queue, Function<PlannedRun, Long> iterations, List<RunSummary> finished)
            throws Exception {
        int slots = matrix.run().perHost();
        AtomicReference<String> givenUp = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < slots; i++) {
            Thread t = new Thread(() -> {
                PlannedRun next;
                while (!executor.stopping() && (next = queue.poll()) != null && !Thread.currentThread().isInterrupted()) {
                    try {
                        Cell cell = matrix.cell(next.cell()).orElseThrow();
                        String held = mounts.before(cell);
                        if (held != null) {
                            store.journal(JournalEntry.SKIP, cell.id(), next.run(), cell.host(), held);
                            progress.runSkipped(cell.host(), cell.id(), next.run(), held);
                            continue;
                        }
                        RunSummary done = runWithRetries(next, iterations.apply(next), givenUp);
                        if (done != null) {
                            finished.add(done);
                            String nowHung = mounts.after(cell, done);
                            if (nowHung != null) {
                                progress.note(nowHung);
                            }
                        }
                    } catch (IOException e) {
                        failures.add(e);
                        return;
                    }
                }
            }, "cells-" + i);
            t.start();
            workers.add(t);
        }
        try {
            for (Thread t : workers) {
                t.join();
            }
        } catch (InterruptedException e) {
            workers.forEach(Thread::interrupt);
            throw e;
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return null;
    }

    private RunSummary runWithRetries(PlannedRun planned, Long iterations, AtomicReference<String> givenUp)
            throws IOException {
        Attempt attempt = runOne(planned, iterations,
                givenUp.get() == null ? null : new Outcome.Unreachable(givenUp.get()), List.of());
        for (Duration pause : RETRY_BACKOFF) {
            if (attempt == null) {
                return null; // cut short by a stop: no record, so the same command runs it again
            }
            // A refusal (host key, login) is the host's answer: asking again changes nothing.
            if (!(attempt.outcome() instanceof Outcome.Unreachable) || givenUp.get() != null) {
                break;
            }
            progress.retrying(attempt.summary(), pause);
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            List<String> ended = new ArrayList<>();
            attempt = runOne(planned, iterations, endLeftovers(planned, ended), ended);
        }
        if (attempt == null) {
            return null;
        }
        RunSummary summary = attempt.summary();
        if (summary.status() == RunStatus.UNREACHABLE) {
            givenUp.compareAndSet(null, attempt.outcome() instanceof Outcome.Refused
                    ? "not tried: " + summary.message()
                    : "not tried: the host stayed unreachable after " + (RETRY_BACKOFF.size() + 1)
                    + " attempts (" + summary.message() + ")");
        }
        progress.runFinished(summary);
        return summary;
    }

    /** One attempt of a run: how the writer ended, and the summary recorded for it. */
    private record Attempt(Outcome outcome, RunSummary summary) {
    }

    /**
     * Before a retry of a run whose connection dropped: ends the writers the lost attempt left on
     * its hosts, adding to {@code said} what was found. Null when done; the attempt's outcome
     * when a host still cannot be reached (asking it once more would only wait again).
     */
    private Outcome endLeftovers(PlannedRun planned, List<String> said) {
        Cell cell = matrix.cell(planned.cell()).orElseThrow();
        for (Matrix.Host h : java.util.stream.Stream.of(matrix.host(cell.host()).orElseThrow(), matrix.verifier(cell))
                .filter(java.util.Objects::nonNull).toList()) {
            try {
                executor.endLeftovers(h).forEach(s -> said.add(h.name() + ": " + s));
            } catch (IOException e) {
                return new Outcome.Unreachable(h.name() + ": cannot end the writer the lost connection left: "
                        + e.getMessage());
            }
        }
        return null;
    }

    /**
     * One attempt of a run; {@code decided} records an outcome without running anything;
     * {@code before}: what was done on its hosts first (journaled with its start). Null: cut short by a stop.
     */
    private Attempt runOne(PlannedRun planned, Long iterations, Outcome decided, List<String> before) throws IOException {
        Cell cell = matrix.cell(planned.cell()).orElseThrow();
        Matrix.Host host = matrix.host(cell.host()).orElseThrow();
        Matrix.Host verifier = matrix.verifier(cell);
        if (decided == null) {
            // Waiting for a node (a Slurm queue) happens here, before the run's clock starts.
            decided = executor.prepare(host);
            if (decided == null && verifier != null) {
                decided = executor.prepare(verifier);
            }
        }
        int attempt = store.beginAttempt(cell.id(), planned.run());
        progress.runStarted(host.name(), cell.id(), planned.run());
        List<String> note = new ArrayList<>(attempt > 1 ? List.of("attempt " + attempt) : List.of());
        note.addAll(before);
        before.forEach(progress::note);
        store.journal(JournalEntry.START, cell.id(), planned.run(), host.name(), note.isEmpty() ? null : String.join("; ", note));
        RunSummary summary;
        Outcome outcome;
        int keepAtMost = evidence.take(cell.id());
        try (RunRecorder recorder = new RunRecorder(store, cell.id(), planned.run(), attempt, host.name(),
                verifier == null ? null : verifier.name(), ByteSize.parse(cell.size()).bytes(), progress::iterationDone)) {
            if (decided != null) {
                outcome = decided;
            } else {
                outcome = execute(cell, host, verifier, planned.run(), attempt, iterations, keepAtMost, recorder);
            }
            if (executor.stopping()) {
                // The coordinator is stopping and ended this writer: like a kill -9, the run is
                // journaled as started and never finished, and runs again when the command is repeated.
                evidence.settle(cell.id(), keepAtMost, 0);
                return null;
            }
            summary = recorder.finish(outcome, matrix.run().timeout());
        }
        evidence.settle(cell.id(), keepAtMost, summary.kept().size());
        store.journal(JournalEntry.FINISH, cell.id(), planned.run(), host.name(), summary.status().label());
        return new Attempt(outcome, summary);
    }

    /**
     * Runs the writer for one attempt. A failure of the coordinator's own code here (a bug, not
     * the host) becomes the run's error instead of killing the host's worker thread: the run is
     * recorded, never counted as evidence, and the sweep goes on.
     */
    private Outcome execute(Cell cell, Matrix.Host host, Matrix.Host verifier, int run, int attempt, Long iterations,
                            int keepAtMost, RunRecorder recorder) {
        try {
            if (verifier != null) {
                return RemoteReadback.run(matrix, cell, run, attempt, iterations, keepAtMost, executor, recorder);
            }
            WriterCall call = WriterArgs.of(matrix, cell, run, attempt, iterations, keepAtMost);
            return executor.run(host, WriterArgs.directory(matrix, cell), call, matrix.run().timeout(),
                    recorder::stdoutLine, recorder::stderrLine);
        } catch (RuntimeException e) {
            return new Outcome.NotStarted("bitbisect failed running this cell (" + e + "); please report it with"
                    + " the run's files");
        }
    }

    /** For sweep.json. */
    public static String now() {
        return Instant.now().toString();
    }
}
