package bitbisect.runner.sweep;

import bitbisect.runner.analysis.Text;
import bitbisect.runner.execute.LinePump;
import bitbisect.writer.event.Event;
import bitbisect.writer.event.WriterCommand;
import bitbisect.writer.units.Count;
import java.util.Locale;

/**
 * Whether a run's writer output can be believed: a run is clean or corrupt only when every line
 * on its stdout is one of the writer's events and those events agree with one another. Anything
 * else (a line that is no event, an end event whose counts differ from the iterations printed
 * before it, more corrupt words printed than the end counts, a corrupt word outside the file)
 * makes the run an error with the first reason found: never clean, never corruption. A writer
 * that works prints nothing of the kind; a broken JVM, a wrapper that talks on stdout, a
 * disk returning garbage into the events or a hostile {@code java} would.
 *
 * <p>Counts are checked per writer command (from its start event to its end event), so the
 * write and verify commands of a remote read-back are each checked against their own end. The
 * end of a writer that ended in error is not compared (it counts the iteration that failed,
 * which printed no iteration event); the rest of its output is checked as any, since what it
 * verified before it failed is evidence.
 */
final class OutputCheck {

    /** The most characters of a line quoted in a reason. */
    private static final int QUOTED = 60;

    private final long fileBytes;
    private String reason;
    private long notEvents;
    private String firstNotEvent;
    // the current command's counts, from its iteration and corruption events
    private WriterCommand command;
    private long verified;
    private long corruptIterations;
    private long corruptWords;
    private long wordsPrinted;
    /** The iteration whose file came back of another size (its size_mismatch comes before its iteration event). */
    private long mismatched;

    /** @param fileBytes the cell's file size: every corrupt word must lie inside it */
    OutputCheck(long fileBytes) {
        this.fileBytes = fileBytes;
    }

    /** A stdout line that is not an event. */
    void notAnEvent(String line) {
        if (notEvents++ == 0) {
            firstNotEvent = line;
        }
    }

    void event(Event event) {
        if (event instanceof Event.Start start) {
            command = start.command();
            verified = corruptIterations = corruptWords = wordsPrinted = mismatched = 0;
        } else if (event instanceof Event.SizeMismatch m) {
            mismatched = m.iteration();
        } else if (event instanceof Event.Iteration it) {
            verified++; // each iteration of run and verify reads back and verifies
            // A file that came back short or long is a corrupt iteration, with or without wrong words.
            corruptIterations += it.corruptWords() > 0 || mismatched == it.iteration() ? 1 : 0;
            corruptWords += it.corruptWords();
        } else if (event instanceof Event.Corruption c) {
            wordsPrinted++;
            inside("a corrupt word", c.offset(), 8);
        } else if (event instanceof Event.Extent e) {
            wordsPrinted += e.wordsWithoutEvents();
            inside("a corrupt extent", e.offset(), e.length());
        } else if (event instanceof Event.End end) {
            if (end.status() == Event.Status.ERROR) {
                return; // its end counts the iteration that failed, which printed no iteration event
            }
            if (command != WriterCommand.WRITE && end.iterations() != verified) {
                fail(String.format(Locale.ROOT, "its end event counts %,d iterations, its iteration events %,d",
                        end.iterations(), verified));
            }
            if (end.corruptIterations() != corruptIterations || end.corruptWords() != corruptWords) {
                fail(String.format(Locale.ROOT, "its end event counts %,d corrupt words in %,d iterations, its iteration"
                        + " events %,d in %,d", end.corruptWords(), end.corruptIterations(), corruptWords,
                        corruptIterations));
            }
            if (wordsPrinted > end.corruptWords()) {
                fail("it printed " + Count.of(wordsPrinted, "corrupt word") + " where its end event counts "
                        + Text.count(end.corruptWords()));
            }
        }
    }

    private void inside(String what, long offset, long length) {
        if (offset < 0 || length < 0 || offset > fileBytes - length) {
            fail(String.format(Locale.ROOT, "%s at offset %,d (%,d bytes) lies outside the file of %,d bytes", what,
                    offset, length, fileBytes));
        }
    }

    private void fail(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    /** Why the output cannot be believed, or null when it can. */
    String reason() {
        if (notEvents > 0) {
            String first = firstNotEvent.length() >= LinePump.MAX_LINE
                    ? "a line of " + LinePump.MAX_LINE / (1 << 20) + " MiB or more"
                    : "\"" + HostText.printable(firstNotEvent.length() > QUOTED
                    ? firstNotEvent.substring(0, QUOTED) + "..." : firstNotEvent) + "\"";
            return String.format(Locale.ROOT, "the writer's output cannot be believed: %,d %s on stdout %s not its"
                    + " events (the first: %s)", notEvents, notEvents == 1 ? "line" : "lines",
                    notEvents == 1 ? "is" : "are", first);
        }
        return reason == null ? null : "the writer's output cannot be believed: " + reason;
    }
}
