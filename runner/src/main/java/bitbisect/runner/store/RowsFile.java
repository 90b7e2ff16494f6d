package bitbisect.runner.store;

import bitbisect.writer.verify.CorruptionKind;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A run's corruption and extent rows in binary ({@code run-NNN.rows}), beside its events file:
 * what the report would get by reading the events, kept so that it need not parse a million JSON
 * lines again at every report. The recorder writes it as the events arrive, through the same
 * {@link EventsFile.Tally} that reads an events file, and it stamps it with the size and
 * modification time the events file had when the run ended. It is a cache, never evidence:
 * it is used only while the events file still has that size and time (a file edited, truncated
 * or restored is read again), and a rows file that is missing, torn or of another layout is
 * passed over in silence.
 *
 * <p>Layout, big-endian: records, each a tag byte then its fields; then a trailer of eight
 * longs: corruption events, words not printed, words only extents stand for, corruption
 * records, extent records, the events file's size and modification time (ns since the epoch),
 * and {@link #MAGIC}. A corruption record ({@code 'c'}) is iteration, offset, expected, actual,
 * mask and time_ms; an extent record ({@code 'x'}) is iteration, offset, length, words, the
 * kind's label (modified UTF-8 with a length), then source offset, source iteration and source
 * tag ({@link Long#MIN_VALUE} for one the pattern cannot tell).
 */
public final class RowsFile {

    /** "bbrows01": the last eight bytes of every rows file of this layout. */
    private static final long MAGIC = 0x6262726f77733031L;
    private static final int TRAILER = 8 * Long.BYTES;
    private static final byte CORRUPTION = 'c';
    private static final byte EXTENT = 'x';
    private static final long NONE = Long.MIN_VALUE;

    private RowsFile() {
    }

    /**
     * Writes the rows file of one run while its events arrive: {@link #line} with every line
     * appended to the events file, then {@link #finish} once that file is closed, or
     * {@link #close} alone to leave nothing behind. Not thread-safe: the recorder calls it under
     * its own lock.
     */
    public static final class Writer implements AutoCloseable {
        private final Path target;
        private final Path temp;
        /** Opened at the first record or trailer: most runs are clean and get no file at all. */
        private FileOutputStream file;
        private DataOutputStream out;
        private final EventsFile.Tally tally;
        private long corruptionRecords;
        private long extentRecords;
        private boolean done;

        Writer(Path target) {
            this.target = target;
            this.temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                    + "-" + Thread.currentThread().getId());
            this.tally = new EventsFile.Tally(new Sink());
        }

        private DataOutputStream out() throws IOException {
            if (out == null) {
                file = new FileOutputStream(temp.toFile());
                out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16));
            }
            return out;
        }

        /** One line as it was appended to the events file (without its line end). */
        public void line(String line) throws IOException {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            tally.line(bytes, 0, bytes.length);
        }

        /**
         * Completes the file: the counts, and the stamp of {@code events}, which must be closed
         * and hold every line given; then syncs it and renames it into place. A run without
         * corrupt words or extents gets none: the report never reads a clean run's rows.
         */
        public void finish(Path events) throws IOException {
            EventsFile.Read read = tally.read(EventsFile.Rows.none());
            if (read.words() == 0 && extentRecords == 0) {
                close();
                return;
            }
            Stamp stamp = Stamp.of(events);
            for (long v : new long[] {read.corruptionEvents(), read.notPrinted(), read.extentWords(), corruptionRecords,
                    extentRecords, stamp.size(), stamp.modifiedNanos(), MAGIC}) {
                out().writeLong(v);
            }
            out.flush();
            file.getFD().sync();
            out.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        }

        /** Closes the file; one not finished is removed. */
        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                if (out != null) {
                    out.close();
                    Files.deleteIfExists(temp);
                }
            }
        }

        /** The tally's rows, written as records. */
        private final class Sink implements EventsFile.RowSink {
            @Override
            public void corruption(long iteration, long offset, long expected, long actual, long mask, long timeMs) {
                try {
                    DataOutputStream out = out();
                    out.writeByte(CORRUPTION);
                    for (long v : new long[] {iteration, offset, expected, actual, mask, timeMs}) {
                        out.writeLong(v);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                corruptionRecords++;
            }

            @Override
            public void extent(long iteration, long offset, long length, long words, CorruptionKind kind,
                               Long sourceOffset, Long sourceIteration, Integer sourceTag) {
                try {
                    DataOutputStream out = out();
                    out.writeByte(EXTENT);
                    for (long v : new long[] {iteration, offset, length, words}) {
                        out.writeLong(v);
                    }
                    out.writeUTF(kind.label());
                    out.writeLong(sourceOffset == null ? NONE : sourceOffset);
                    out.writeLong(sourceIteration == null ? NONE : sourceIteration);
                    out.writeLong(sourceTag == null ? NONE : sourceTag);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                extentRecords++;
            }
        }
    }

    /** The size and modification time of an events file, as a rows file records them. */
    private record Stamp(long size, long modifiedNanos) {

        static Stamp of(Path events) throws IOException {
            BasicFileAttributes a = Files.readAttributes(events, BasicFileAttributes.class);
            return new Stamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }
    }

    /**
     * What {@code rowsFile} says of {@code events}, as {@link EventsFile#withRows} (rows standing
     * for run {@code run} of the cell with index {@code cell}) or, for a negative {@code cell},
     * {@link EventsFile#count} would read it; empty when the rows file cannot stand for the events
     * file as it is now (missing, unreadable, torn, of another layout, or the events file changed
     * since); the caller then reads the events file, which says whether it can be read.
     */
    static Optional<EventsFile.Read> read(Path rowsFile, Path events, int cell, int run) {
        try (FileChannel in = FileChannel.open(rowsFile, StandardOpenOption.READ)) {
            long size = in.size();
            if (size < TRAILER || size - TRAILER > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            ByteBuffer trailer = readFully(in, size - TRAILER, TRAILER);
            long[] t = new long[8];
            for (int i = 0; i < t.length; i++) {
                t[i] = trailer.getLong();
            }
            Stamp now = Stamp.of(events);
            if (t[7] != MAGIC || t[5] != now.size() || t[6] != now.modifiedNanos()) {
                return Optional.empty();
            }
            if (cell < 0) { // the counts alone: the records are not read
                return Optional.of(new EventsFile.Read(t[0], t[1], t[2], EventsFile.Rows.none()));
            }
            EventsFile.Rows rows = EventsFile.Rows.empty();
            if (!records(readFully(in, 0, (int) (size - TRAILER)), rows.collecting(cell, run), t[3], t[4])) {
                return Optional.empty();
            }
            return Optional.of(new EventsFile.Read(t[0], t[1], t[2], rows));
        } catch (IOException e) {
            return Optional.empty(); // missing, unreadable or cut short while read: the events say it all
        }
    }

    /** {@code length} bytes of {@code in} from {@code position}, ready to read. */
    private static ByteBuffer readFully(FileChannel in, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (in.read(buffer, position + buffer.position()) < 0) {
                throw new java.io.EOFException("the rows file ended early");
            }
        }
        return buffer.flip();
    }

    /** Hands the records to {@code sink}; false when they are not the counts the trailer names, or torn. */
    private static boolean records(ByteBuffer in, EventsFile.RowSink sink, long corruptionRecords, long extentRecords) {
        long corruption = 0;
        long extents = 0;
        try {
            while (in.hasRemaining()) {
                byte tag = in.get();
                if (tag == CORRUPTION) {
                    sink.corruption(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong());
                    corruption++;
                } else if (tag == EXTENT) {
                    long iteration = in.getLong();
                    long offset = in.getLong();
                    long length = in.getLong();
                    long words = in.getLong();
                    byte[] label = new byte[Short.toUnsignedInt(in.getShort())];
                    in.get(label);
                    CorruptionKind kind = CorruptionKind.of(new String(label, StandardCharsets.UTF_8));
                    long sourceOffset = in.getLong();
                    long sourceIteration = in.getLong();
                    long sourceTag = in.getLong();
                    if (kind == null) {
                        return false;
                    }
                    sink.extent(iteration, offset, length, words, kind, sourceOffset == NONE ? null : sourceOffset,
                            sourceIteration == NONE ? null : sourceIteration,
                            sourceTag == NONE ? null : Math.toIntExact(sourceTag));
                    extents++;
                } else {
                    return false;
                }
            }
        } catch (BufferUnderflowException | ArithmeticException e) {
            return false;
        }
        return corruption == corruptionRecords && extents == extentRecords;
    }
}
