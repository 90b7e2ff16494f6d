package bitbisect.runner.sweep;

import bitbisect.runner.execute.Outcome;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.writer.event.Event;
import bitbisect.writer.units.Count;
import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Receives one run's writer output as it arrives: appends every stdout line to the run's events
 * file at once (so a crash keeps what was received), keeps the totals, and at the end turns the
 * process outcome and the events into the run's summary.
 */
final class RunRecorder implements AutoCloseable {

    private static final int LAST_LINES = 8;

    private final ResultsStore store;
    private final String cell;
    private final int run;
    private final int attempt;
    private final String host;
    private final BufferedWriter events;
    private final BufferedWriter stderr;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final List<String> kept = new ArrayList<>();
    private final ProgressListener progress;
    private Event.End end;
    private Event.IoError firstError;
    private long iterations;
    private long corruptIterations;
    private long corruptWords;
    private long bytesWritten;
    private long bytesVerified;

    /** Told about each finished iteration, for progress displays. */
    interface ProgressListener {
        void iteration(String host, boolean corrupt);
    }

    RunRecorder(ResultsStore store, String cell, int run, int attempt, String host, ProgressListener progress)
            throws IOException {
        this.store = store;
        this.cell = cell;
        this.run = run;
        this.attempt = attempt;
        this.host = host;
        this.progress = progress;
        ResultsStore.RunFiles files = store.runFiles(cell, run);
        this.events = Files.newBufferedWriter(files.events(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        this.stderr = Files.newBufferedWriter(files.stderr(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }

    synchronized void stdoutLine(String line) {
        append(events, line);
        remember(line);
        Event event;
        try {
            event = EventCodec.parse(line);
        } catch (JsonProcessingException e) {
            return; // kept verbatim in the events file; not an event
        }
        if (event instanceof Event.Start start && start.facts() != null) {
            try {
                store.writeHostFacts(host, EventCodec.mapper().valueToTree(start.facts()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (event instanceof Event.Iteration it) {
            iterations++;
            bytesVerified += it.readNs() == null ? 0 : it.bytes();
            bytesWritten += it.writeNs() == null ? 0 : it.bytes();
            if (it.kept() != null) {
                kept.add(it.kept());
            }
            progress.iteration(host, it.corruptWords() > 0 || it.kept() != null);
        } else if (event instanceof Event.Corruption) {
            // counted from the iteration and end events, which stay exact past --max-events
        } else if (event instanceof Event.SizeMismatch) {
            corruptIterations = Math.max(corruptIterations, 1);
        } else if (event instanceof Event.IoError error && firstError == null) {
            firstError = error;
        } else if (event instanceof Event.End e) {
            end = e;
        }
        if (event instanceof Event.Iteration it && it.corruptWords() > 0) {
            corruptIterations++;
            corruptWords += it.corruptWords();
        }
    }

    synchronized void stderrLine(String line) {
        append(stderr, line);
    }

    private static void append(BufferedWriter w, String line) {
        try {
            w.write(line);
            w.write('\n');
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void remember(String line) {
        lastLines.addLast(line);
        if (lastLines.size() > LAST_LINES) {
            lastLines.removeFirst();
        }
    }

    /**
     * The run's summary. A run counts as clean or corrupt only when the writer exited 0 or 1
     * and printed its end event; a timeout is hung; anything else is an error.
     */
    synchronized RunSummary finish(Outcome outcome, java.time.Duration timeout) throws IOException {
        close();
        syncFile(store.runFiles(cell, run).events());
        syncFile(store.runFiles(cell, run).stderr());
        RunStatus status;
        String message;
        if (outcome instanceof Outcome.TimedOut t) {
            status = RunStatus.HUNG;
            message = "killed with its process tree after the cell timeout of " + timeout.toSeconds() + " s"
                    + (t.note() == null ? "" : "; " + t.note());
        } else if (outcome instanceof Outcome.Unreachable u) {
            status = RunStatus.UNREACHABLE;
            message = u.why();
        } else if (outcome instanceof Outcome.NotStarted n) {
            status = RunStatus.ERROR;
            message = n.why();
        } else {
            int code = ((Outcome.Exited) outcome).code();
            if (end == null) {
                status = RunStatus.ERROR;
                message = "the writer exited with code " + code + " without its end event"
                        + (code == 2 ? " (usage error: see the run's .stderr)" : "");
            } else if (code == 0 && end.status() == Event.Status.CLEAN) {
                status = RunStatus.CLEAN;
                message = null;
            } else if (code == 1 && end.status() == Event.Status.CORRUPT) {
                status = RunStatus.CORRUPT;
                message = Count.of(end.corruptWords(), "corrupt word") + " in "
                        + Count.of(end.corruptIterations(), "iteration");
            } else {
                status = RunStatus.ERROR;
                message = firstError != null
                        ? firstError.operation() + ": " + firstError.message()
                                + (firstError.errno() == null ? "" : " (" + firstError.errno() + ")")
                        : "the writer exited with code " + code + " and status " + end.status();
            }
        }
        Integer exitCode = outcome instanceof Outcome.Exited e ? e.code() : null;
        boolean complete = end != null;
        RunSummary summary = new RunSummary(cell, run, attempt, host, status, exitCode,
                complete ? end.iterations() : iterations,
                complete ? end.corruptIterations() : corruptIterations,
                complete ? end.corruptWords() : corruptWords,
                complete ? end.bytesWritten() : bytesWritten,
                complete ? end.bytesVerified() : bytesVerified,
                started.toString(), Math.round((System.nanoTime() - startNanos) / 1e6) / 1000.0, List.copyOf(kept),
                message, status == RunStatus.CLEAN || status == RunStatus.CORRUPT ? List.of() : List.copyOf(lastLines));
        store.writeSummary(summary);
        return summary;
    }

    private static void syncFile(java.nio.file.Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        events.close();
        stderr.close();
    }
}
