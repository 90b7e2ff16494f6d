package bitbisect.runner.store;

import bitbisect.writer.event.CorruptionWords;
import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventCodec;
import bitbisect.writer.verify.CorruptionKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One read of a run's events file: the corrupt words it accounts for, which the store's audit
 * checks a corrupt run's summary against, and, for the report, its corruption and extent rows
 * from the same pass (a large sweep's events are most of what a report reads).
 */
final class EventsFile {

    private EventsFile() {
    }

    /**
     * What the file accounts for: corruption events, words counted but not printed (end events)
     * and words only extents stand for; with the rows when they were asked for (else empty).
     */
    record Read(long corruptionEvents, long notPrinted, long extentWords, Rows rows) {

        long words() {
            return corruptionEvents + notPrinted + extentWords;
        }
    }

    /**
     * Where the rows of an events file go as its lines are read: into lists for the report
     * ({@link Rows#collecting}), nowhere, or into the run's rows file ({@link RowsFile.Writer}).
     */
    interface RowSink {
        void corruption(long iteration, long offset, long expected, long actual, long mask, long timeMs);

        void extent(long iteration, long offset, long length, long words, CorruptionKind kind, Long sourceOffset,
                    Long sourceIteration, Integer sourceTag);
    }

    /** A run's corruption and extent rows, in the order of its events file. */
    record Rows(List<SweepData.CorruptionRow> events, List<SweepData.ExtentRow> extents) {

        static Rows none() {
            return new Rows(List.of(), List.of());
        }

        static Rows empty() {
            return new Rows(new ArrayList<>(), new ArrayList<>());
        }

        void add(Event event, int cell, int run) {
            toRow(event, collecting(cell, run));
        }

        /** A sink that adds to these rows, each standing for run {@code run} of the cell with index {@code cell}. */
        RowSink collecting(int cell, int run) {
            return new RowSink() {
                @Override
                public void corruption(long iteration, long offset, long expected, long actual, long mask, long timeMs) {
                    events.add(new SweepData.CorruptionRow(cell, run, iteration, offset, expected, actual, mask, timeMs));
                }

                @Override
                public void extent(long iteration, long offset, long length, long words, CorruptionKind kind,
                                   Long sourceOffset, Long sourceIteration, Integer sourceTag) {
                    extents.add(new SweepData.ExtentRow(cell, run, iteration, offset, length, words, kind, sourceOffset,
                            sourceIteration, sourceTag));
                }
            };
        }
    }

    /** Hands a corruption event, or an extent of a known kind, to {@code sink} as a row; any other event gives none. */
    static void toRow(Event event, RowSink sink) {
        if (event instanceof Event.Corruption c) {
            sink.corruption(c.iteration(), c.offset(), word(c.expected()), word(c.actual()), word(c.mask()), c.timeMs());
        } else if (event instanceof Event.Extent x && x.kind() != null) {
            sink.extent(x.iteration(), x.offset(), x.length(), x.words(), x.kind(), x.sourceOffset(), x.sourceIteration(),
                    x.sourceTag());
        }
    }

    /** The sink of a read that wants no rows. */
    private static final RowSink DISCARD = new RowSink() {
        @Override
        public void corruption(long iteration, long offset, long expected, long actual, long mask, long timeMs) {
        }

        @Override
        public void extent(long iteration, long offset, long length, long words, CorruptionKind kind, Long sourceOffset,
                           Long sourceIteration, Integer sourceTag) {
        }
    };

    /** Reads the counts only. */
    static Read count(Path file) throws IOException {
        return read(file, -1, 0);
    }

    /**
     * Reads the counts and the rows, the rows standing for run {@code run} of the cell with index
     * {@code cell} in the matrix.
     */
    static Read withRows(Path file, int cell, int run) throws IOException {
        return read(file, cell, run);
    }

    private static Read read(Path file, int cell, int run) throws IOException {
        Rows rows = cell >= 0 ? Rows.empty() : Rows.none();
        Tally tally = new Tally(cell >= 0 ? rows.collecting(cell, run) : DISCARD);
        try (InputStream in = Files.newInputStream(file)) {
            ByteLines.forEach(in, tally);
        }
        return tally.read(rows);
    }

    /**
     * What one file's lines add up to, its rows handed to a sink as they are read: the one
     * reading of an events file, whether the report reads it or the recorder writes it.
     */
    static final class Tally implements ByteLines.Consumer {
        private final RowSink out;
        /** Lines that are not corruption lines exactly as the writer prints them are decoded; malformed UTF-8 fails the read. */
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        private long corruption;
        private long notPrinted;
        private long extentWords;

        Tally(RowSink out) {
            this.out = out;
        }

        @Override
        public void line(byte[] bytes, int from, int to) throws IOException {
            // nearly every line of a corrupt run is a corruption line: its numbers are read from its bytes
            CorruptionWords w = EventCodec.corruptionWords(bytes, from, to);
            if (w != null) {
                corruption++;
                out.corruption(w.iteration(), w.offset(), w.expected(), w.actual(), w.mask(), w.timeMs());
            } else {
                line(utf8.decode(ByteBuffer.wrap(bytes, from, to - from)).toString());
            }
        }

        /** Any other line: only corruption, extent and end lines are parsed, nearly every other one being an iteration. */
        private void line(String line) {
            if (line.contains("\"event\":\"corruption\"")) {
                corruption++;
                if (parse(line) instanceof Event.Corruption c) { // a torn line counts, but has no row
                    toRow(c, out);
                }
            } else if (line.contains("\"event\":\"extent\"")) {
                // a torn line is no extent, nor is one whose kind is missing or not known here: what its words stand for is unknown
                if (parse(line) instanceof Event.Extent e && e.kind() != null) {
                    extentWords += e.wordsWithoutEvents();
                    toRow(e, out);
                }
            } else if (line.contains("\"event\":\"end\"") && parse(line) instanceof Event.End end) {
                notPrinted += end.eventsNotPrinted();
            }
        }

        /** The counts so far, with {@code rows} as the rows read. */
        Read read(Rows rows) {
            return new Read(corruption, notPrinted, extentWords, rows);
        }
    }

    /** The line as an event; null for a line that is not one (kept verbatim in the store). */
    static Event parse(String line) {
        try {
            return EventCodec.parse(line);
        } catch (JsonProcessingException notAnEvent) {
            return null;
        }
    }

    /** A word as the writer prints it, "0x" and hex digits. */
    static long word(String hex) {
        return Long.parseUnsignedLong(hex, 2, hex.length(), 16);
    }
}
