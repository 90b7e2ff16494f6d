package bitbisect.writer.event;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes events as JSON Lines. Safe to call from the stall watchdog and the I/O thread at once.
 * Every event except a corruption is flushed at once, so a reader sees a stall or error while it
 * happens; corruption events are flushed in batches by {@link #flush()} after each block.
 */
public final class EventSink {

    private final JsonGenerator out;

    public EventSink(Writer writer) {
        try {
            this.out = EventJson.lines(new BufferedWriter(writer, 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write events to stdout", e);
        }
    }

    public synchronized void emit(Event event) {
        try {
            EventJson.line(out, event);
            if (!(event instanceof Event.Corruption)) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write events to stdout", e);
        }
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write events to stdout", e);
        }
    }
}
