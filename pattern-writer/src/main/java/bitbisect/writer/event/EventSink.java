package bitbisect.writer.event;

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

    private final Writer out;

    public EventSink(Writer writer) {
        this.out = new BufferedWriter(writer, 1 << 16);
    }

    public synchronized void emit(Event event) {
        try {
            out.write(EventCodec.toJson(event));
            out.write('\n');
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
