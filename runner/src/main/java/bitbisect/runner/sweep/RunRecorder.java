package bitbisect.runner.sweep;

import bitbisect.runner.analysis.Text;
import bitbisect.runner.execute.Outcome;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunDetails;
import bitbisect.runner.store.RowsFile;
import bitbisect.runner.store.RunDetailsOfEvents;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventCodec;
import bitbisect.writer.event.WriterCommand;
import bitbisect.writer.units.ByteSize;
import bitbisect.writer.units.Count;
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
    /** The most characters of a line kept in the summary's last lines, or of a message from the host. */
    private static final int KEPT_CHARS = 2000;

    private final ResultsStore store;
    private final String cell;
    private final int run;
    private final int attempt;
    private final String host;
    private final BufferedWriter events;
    private final BufferedWriter stderr;
    /** The events' rows in binary, for the report (RowsFile): written as the lines arrive. */
    private final RowsFile.Writer rows;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final List<String> kept = new ArrayList<>();
    private final ProgressListener progress;
    private final String verifierHost;
    private Event.IoError firstError;
    /** The writer's first message on stderr: its own reason when it stops without an end event. */
    private String firstMessage;
    private WriterCommand command;
    // Totals from the writers' end events: one writer per run, or a write and a verify per
    // iteration when another host reads back. Iterations count the commands that verify.
    private int ends;
    private Event.Status worst = Event.Status.CLEAN;
    private long iterations;
    private long corruptIterations;
    private long corruptWords;
    private long bytesWritten;
    private long bytesVerified;
    // The same, counted from iteration events: what is known when a writer ended without its end.
    private long seenIterations;
    private long seenCorruptIterations;
    private long seenCorruptWords;
    private long seenBytesWritten;
    private long seenBytesVerified;
    /** What the events say beyond the counts. */
    private final RunDetailsOfEvents details = new RunDetailsOfEvents();
    private boolean closed;
    private final JvmCrashBanner crash = new JvmCrashBanner();
    private final OutputCheck check;
    /** The first failure to store the writer's output (a full results disk). */
    private IOException writeFailure;

    /** Told about each finished iteration, for progress displays. */
    interface ProgressListener {
        void iteration(String host, boolean corrupt);
    }

    /** @param fileBytes the cell's file size, which every corrupt word the writer reports must lie in */
    private final long fileBytes;
    private long mismatched;

    RunRecorder(ResultsStore store, String cell, int run, int attempt, String host, String verifierHost, long fileBytes,
                ProgressListener progress) throws IOException {
        this.check = new OutputCheck(fileBytes);
        this.fileBytes = fileBytes;
        this.verifierHost = verifierHost;
        this.store = store;
        this.cell = cell;
        this.run = run;
        this.attempt = attempt;
        this.host = host;
        this.progress = progress;
        ResultsStore.RunFiles files = store.runFiles(cell, run);
        this.events = Files.newBufferedWriter(files.events(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        this.stderr = Files.newBufferedWriter(files.stderr(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        this.rows = store.rowsWriter(cell, run);
    }

    synchronized void stdoutLine(String line) {
        if (closed || writeFailure != null) {
            return; // from a writer that outlived its hung run (the run's record is final), or nowhere to keep it
        }
        try {
            append(events, line);
            rows.line(line);
            recordLine(line);
        } catch (IOException | UncheckedIOException e) {
            // Kept for finish(), which cannot record the run either: the sweep stops there, on the pump's behalf.
            writeFailure = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
        }
    }

    private void recordLine(String line) throws IOException {
        remember(line);
        crash.line(line);
        Event event;
        try {
            event = EventCodec.parse(line);
        } catch (JsonProcessingException e) {
            check.notAnEvent(line); // kept verbatim in the events file; the run cannot be believed
            return;
        }
        check.event(event);
        details.add(event);
        if (event instanceof Event.Start start) {
            command = start.command();
            if (start.facts() != null) {
                // The verifying host of a remote read-back reports its own facts.
                String factsOf = command == WriterCommand.VERIFY && verifierHost != null ? verifierHost : host;
                store.writeHostFacts(factsOf, EventCodec.mapper().valueToTree(start.facts()));
            }
        } else if (event instanceof Event.Iteration it) {
            boolean verified = it.readNs() != null;
            seenIterations += verified ? 1 : 0;
            seenBytesVerified += verified ? it.bytes() : 0;
            seenBytesWritten += it.writeNs() != null ? it.bytes() : 0;
            if (it.corruptWords() > 0 || mismatched == it.iteration()) { // a file back short or long is corrupt too
                seenCorruptIterations++;
                seenCorruptWords += it.corruptWords();
            }
            if (it.kept() != null) {
                kept.add(it.kept());
            }
            if (verified) {
                progress.iteration(host, it.corruptWords() > 0 || it.kept() != null);
            }
        } else if (event instanceof Event.SizeMismatch m) {
            mismatched = m.iteration(); // before its iteration's own event
        } else if (event instanceof Event.IoError error && firstError == null) {
            firstError = error;
        } else if (event instanceof Event.End e) {
            ends++;
            worst = worst.worst(e.status());
            bytesWritten += e.bytesWritten();
            bytesVerified += e.bytesVerified();
            if (command != WriterCommand.WRITE) {
                iterations += e.iterations();
                corruptIterations += e.corruptIterations();
                corruptWords += e.corruptWords();
            }
        }
    }

    /**
     * A corrupt run's message: its corrupt words, and the iterations whose file came back short,
     * which hold no wrong word (the bytes are missing) yet are corrupt: "1 iteration came back
     * short (0 B of 1.0 MiB: a lost write)".
     */
    private String corruptMessage(RunDetails d) {
        String words = Count.of(corruptWords, "corrupt word") + " in " + Count.of(corruptIterations, "iteration");
        if (d.shortIterations() == 0) {
            return words;
        }
        String shortest = ByteSize.approximate(d.shortestBytes()) + " of " + ByteSize.approximate(fileBytes)
                + (d.shortestBytes() == 0 ? ": a lost write" : ": its end was lost");
        String many = d.shortIterations() == 1 ? "(" + shortest + ")" : "(the shortest " + shortest + ")";
        return corruptWords == 0 ? Count.of(d.shortIterations(), "iteration") + " came back short " + many
                : words + "; " + d.shortIterations() + " of them came back short " + many;
    }

    /** A file kept as evidence outside the writer's own run loop (remote read-back). */
    synchronized void kept(String path) {
        kept.add(path);
    }

    synchronized void stderrLine(String line) {
        if (closed || writeFailure != null) {
            return;
        }
        try {
            append(stderr, line);
        } catch (UncheckedIOException e) {
            writeFailure = e.getCause();
            return;
        }
        if (firstMessage == null && !line.isBlank() && !line.startsWith("Try '")) {
            firstMessage = shown(line.strip());
        }
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
        lastLines.addLast(shown(line));
        if (lastLines.size() > LAST_LINES) {
            lastLines.removeFirst();
        }
    }

    /**
     * The run's summary. A run counts as clean or corrupt only when the writer exited 0 or 1
     * and printed its end event; a timeout is hung; anything else is an error.
     */
    synchronized RunSummary finish(Outcome outcome, java.time.Duration timeout) throws IOException {
        if (writeFailure != null) {
            throw writeFailure; // what the writer printed is not all stored: this run cannot be recorded
        }
        closeOutputs();
        syncFile(store.runFiles(cell, run).events());
        syncFile(store.runFiles(cell, run).stderr());
        rows.finish(store.runFiles(cell, run).events());
        RunStatus status;
        String message;
        boolean believed = check.reason() == null; // a run whose output disagrees with itself is never evidence
        if (outcome instanceof Outcome.TimedOut t) {
            status = RunStatus.HUNG;
            message = "killed with its process tree after the cell timeout of " + timeout.toSeconds() + " s"
                    + (t.note() == null ? "" : "; " + t.note());
        } else if (outcome instanceof Outcome.Unreachable u) {
            status = RunStatus.UNREACHABLE;
            message = u.why();
        } else if (outcome instanceof Outcome.Refused r) {
            status = RunStatus.UNREACHABLE; // not settled: a later sweep tries again once the key or login is fixed
            message = r.why();
        } else if (outcome instanceof Outcome.NotStarted n) {
            status = RunStatus.ERROR;
            message = n.why();
            believed = false; // nothing ran
        } else {
            int code = ((Outcome.Exited) outcome).code();
            if (ends == 0) {
                status = RunStatus.ERROR;
                message = crash.describe() != null ? crash.describe() + " (exit code " + code + ")"
                        : firstError != null ? describe(firstError) + " (exit code " + code + ")"
                        : "the writer exited with code " + code + " without its end event"
                        + (code > 128 ? " (killed by signal " + (code - 128) + ")"
                        : firstMessage != null ? ": " + firstMessage : "");
            } else if (worst != Event.Status.ERROR && check.reason() != null) {
                status = RunStatus.ERROR; // whatever it claims: a run whose output disagrees with itself is no evidence
                message = check.reason();
            } else if (worst == Event.Status.CLEAN && code == worst.exitCode()) {
                status = RunStatus.CLEAN;
                message = null;
            } else if (worst == Event.Status.CORRUPT && code == worst.exitCode()) {
                status = RunStatus.CORRUPT;
                message = corruptMessage(details.details());
            } else {
                status = RunStatus.ERROR;
                message = firstError != null ? describe(firstError)
                        : "the writer exited with code " + code + " and status " + worst;
                believed &= firstError != null; // an exit code that contradicts the end event: no story to believe
            }
        }
        Integer exitCode = outcome instanceof Outcome.Exited e ? e.code() : null;
        // A clean or corrupt run is counted from its end event (which the check found to agree with
        // its iterations); any other run from the iterations it verified before it failed.
        boolean finished = status.isEvidence();
        boolean evidence = finished || (believed && (status == RunStatus.ERROR || status == RunStatus.HUNG));
        if (!finished && evidence && seenCorruptIterations > 0) {
            message += "; before that, " + Count.of(seenCorruptWords, "corrupt word") + " in "
                    + Count.of(seenCorruptIterations, "iteration") + " of " + Text.count(seenIterations) + " verified";
        }
        RunSummary summary = new RunSummary(cell, run, attempt, host, status, exitCode,
                finished ? iterations : seenIterations,
                finished ? corruptIterations : seenCorruptIterations,
                finished ? corruptWords : seenCorruptWords,
                finished ? bytesWritten : seenBytesWritten,
                finished ? bytesVerified : seenBytesVerified,
                started.toString(), Math.round((System.nanoTime() - startNanos) / 1e6) / 1000.0, List.copyOf(kept),
                message, finished ? List.of() : List.copyOf(lastLines), details.details(), store.sweepIdentity(), evidence);
        store.writeSummary(summary);
        return summary;
    }

    private static String describe(Event.IoError error) {
        return shown(error.operation() + ": " + error.message() + (error.errno() == null ? "" : " (" + error.errno() + ")"));
    }

    /** A host's text as it may be shown: at most {@value #KEPT_CHARS} characters, control characters escaped. */
    private static String shown(String text) {
        String cut = text.length() <= KEPT_CHARS ? text
                : text.substring(0, KEPT_CHARS) + "... (" + (text.length() - KEPT_CHARS) + " more characters)";
        return HostText.printable(cut);
    }

    private static void syncFile(java.nio.file.Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private void closeOutputs() throws IOException {
        closed = true;
        events.close();
        stderr.close();
    }

    /** Closes the run's files; a rows file not finished is removed. */
    @Override
    public synchronized void close() throws IOException {
        closeOutputs();
        rows.close();
    }
}
