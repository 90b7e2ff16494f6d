package bitbisect.writer.io;

import bitbisect.writer.pattern.Pattern;
import bitbisect.writer.verify.BlockComparator;
import bitbisect.writer.verify.CorruptWord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes one test file block by block and reads it back word for word. One instance serves
 * every iteration of a run, so its aligned buffers are allocated once: one for the expected
 * pattern and the read-ahead's (one for a file read in one call; otherwise about 8 MiB of them,
 * and at least one more than the reads in flight).
 *
 * <p>With {@code size = 10MiB} and {@code block = 4MiB} the file is written by three write
 * calls of 4, 4 and 2 MiB at offsets 0, 4194304 and 8388608; read back in the default read
 * shape ({@link Readback}) it is read by ten reads of 1 MiB, two in flight at a time.
 */
public final class PatternFile {

    /** Times of one write pass. {@code flags} are null where /proc could not tell them. */
    public record Written(long writeNanos, long syncNanos, OpenFlags flags) {
    }

    /** Outcome of one read-back pass. */
    public record Verified(long bytesCompared, long actualSize, long readNanos, long verifyNanos, long corruptWords,
                           OpenFlags flags) {
    }

    private final Path path;
    private final long size;
    private final int block;
    private final IoWatch watch;
    private final int alignment;
    private final ByteBuffer expected;
    /** Made by the first read-back ({@code write} alone never needs them), for its read shape. */
    private ByteBuffer[] readBuffers;
    /** The read length and the reads in flight the buffers were made for. */
    private int buffersUnit;
    private int buffersDepth;
    private Pattern filledWith;

    /**
     * @param alignment buffer address alignment, a power of two (the filesystem block size for
     *                  O_DIRECT; harmless otherwise)
     */
    public PatternFile(Path path, long size, int block, int alignment, IoWatch watch) {
        if (size % 8 != 0 || block % 8 != 0 || block <= 0) {
            throw new IllegalArgumentException("size and block must be positive multiples of 8");
        }
        this.path = path;
        this.size = size;
        this.block = (int) Math.min(block, Math.max(size, 8));
        this.watch = watch;
        this.alignment = alignment;
        this.expected = aligned(this.block, alignment);
    }

    /**
     * One buffer for a file read in one call; otherwise about 8 MiB of read-ahead (2 to 16 reads),
     * and at least one more than the reads in flight, so one is compared while they are read.
     */
    private ByteBuffer[] readBuffers(int unit, int depth) {
        // Fields, not a record's equals: its first call costs a short run about 15 ms of bootstrapping.
        if (readBuffers == null || buffersUnit != unit || buffersDepth != depth) {
            readBuffers = new ByteBuffer[size > unit ? Math.max(depth + 1, Math.min(16, (8 << 20) / unit)) : 1];
            for (int i = 0; i < readBuffers.length; i++) {
                readBuffers[i] = aligned(unit, alignment);
            }
            buffersUnit = unit;
            buffersDepth = depth;
        }
        return readBuffers;
    }

    /**
     * A buffer of {@code capacity} bytes starting at a multiple of {@code alignment}. An aligned
     * slice also ends at one, so the allocation holds the capacity rounded up, plus the room to align.
     */
    static ByteBuffer aligned(int capacity, int alignment) {
        long rounded = (capacity + (long) alignment - 1) / alignment * alignment;
        return ByteBuffer.allocateDirect(Math.toIntExact(rounded + alignment)).alignedSlice(alignment).limit(capacity);
    }

    public Path path() {
        return path;
    }

    /** Creates or truncates the file and writes the pattern; on failure removes the partial file. */
    public Written write(Pattern pattern, SyncMode mode) throws IoFailure {
        long start = System.nanoTime();
        FileChannel channel = open(mode.openOptions());
        OpenFlags flags = openFlags();
        long offset = 0;
        IoOperation operation = IoOperation.WRITE;
        try {
            while (offset < size) {
                int length = (int) Math.min(block, size - offset);
                ByteBuffer source = expected(pattern, offset, length);
                watch.begin(operation, offset);
                while (source.hasRemaining()) {
                    channel.write(source);
                }
                watch.end();
                offset += length;
            }
            long written = System.nanoTime();
            if (mode == SyncMode.FSYNC) {
                operation = IoOperation.FSYNC;
                watch.begin(operation, offset);
                channel.force(true);
                watch.end();
            }
            operation = IoOperation.CLOSE;
            watch.begin(operation, offset);
            channel.close();
            watch.end();
            return new Written(written - start, System.nanoTime() - written, flags);
        } catch (IOException e) {
            watch.end();
            closeQuietly(channel);
            deleteQuietly();
            throw IoFailure.of(e, operation, offset, path);
        }
    }

    /**
     * Reads the file back as {@code readback} says and reports every word that differs from
     * {@code pattern}. The next reads are made while this one is compared ({@link ReadAhead});
     * {@code readNanos} is the time spent waiting for data (open, reads not yet done, close),
     * {@code verifyNanos} the time comparing, so together they are the pass's wall time.
     */
    public Verified verify(Pattern pattern, Readback readback, Consumer<CorruptWord> sink) throws IoFailure {
        long readNanos = 0;
        long verifyNanos = 0;
        long corrupt = 0;
        long t = System.nanoTime();
        if (readback.mode() == ReadbackMode.COLD) {
            PageCache.drop(path, watch); // read time: what the pass waits for before its first byte
        }
        FileChannel channel = open(readback.mode().openOptions());
        OpenFlags flags = openFlags();
        long offset = 0;
        int unit = (int) Math.min(readback.readBlock(), size);
        try {
            long actualSize = watch.watched(IoOperation.STAT, 0, channel::size);
            readNanos += System.nanoTime() - t;
            try (ReadAhead reads = new ReadAhead(channel::read, size, unit, readBuffers(unit, readback.depth()), readback.depth(),
                    watch)) {
                for (long k = 0; k < reads.blocks(); k++) {
                    t = System.nanoTime();
                    ByteBuffer data = reads.take(k);
                    long t2 = System.nanoTime();
                    readNanos += t2 - t;
                    int got = data.limit();
                    int comparable = got & ~7;
                    // Compared a piece per written block: the expected bytes are held one block long.
                    for (int at = 0; at < comparable; ) {
                        int length = (int) Math.min(block - offset % block, comparable - at);
                        ByteBuffer want = expected(pattern, offset, length);
                        corrupt += BlockComparator.compare(want, data.slice(at, length), offset, sink);
                        at += length;
                        offset += length;
                    }
                    reads.release(k);
                    verifyNanos += System.nanoTime() - t2;
                    if (got < Math.min(unit, size - k * unit)) {
                        break; // end of file before the expected size: reported as a size mismatch
                    }
                }
            }
            t = System.nanoTime();
            watch.begin(IoOperation.CLOSE, offset);
            channel.close();
            watch.end();
            readNanos += System.nanoTime() - t;
            return new Verified(offset, actualSize, readNanos, verifyNanos, corrupt, flags);
        } catch (IOException e) {
            watch.end();
            closeQuietly(channel);
            throw IoFailure.of(e, IoOperation.READ, offset, path);
        }
    }

    /** The open file's flags: resolving the path the first time asks the target's filesystem. */
    private OpenFlags openFlags() {
        return watch.watched(IoOperation.STAT, 0, () -> OpenFlags.ofOpenFile(path));
    }

    private FileChannel open(java.util.Set<java.nio.file.OpenOption> options) throws IoFailure {
        watch.begin(IoOperation.OPEN, 0);
        try {
            return FileChannel.open(path, options);
        } catch (IOException e) {
            throw IoFailure.of(e, IoOperation.OPEN, null, path);
        } finally {
            watch.end();
        }
    }

    /**
     * The expected bytes of the {@code length} bytes at {@code offset}, all within one block:
     * for a pattern that repeats within a block (alternating, inverse) the block is filled once
     * and this is a view of it; otherwise they are filled for this call.
     */
    private ByteBuffer expected(Pattern pattern, long offset, int length) {
        int period = pattern.periodWords();
        boolean reusable = period > 0 && (block / 8) % period == 0;
        if (!reusable) {
            expected.clear().limit(length);
            pattern.fill(expected, offset / 8);
            filledWith = null;
            return expected;
        }
        if (pattern != filledWith) {
            // Identity, not equals: an equal pattern in a new object only costs a refill, while the
            // first call of a record's equals costs a short run about 15 ms of bootstrapping.
            fillRepeating(pattern, period * 8);
            filledWith = pattern;
        }
        int within = (int) (offset % block);
        return within == 0 ? expected.clear().limit(length) : expected.clear().slice(within, length);
    }

    /**
     * Fills the whole block with a pattern that repeats every {@code periodBytes}: one period
     * word by word, the rest by copying what is already there, doubling each time. A word loop
     * over a 1 MiB block runs in the interpreter in a short run and took most of its write time.
     */
    private void fillRepeating(Pattern pattern, int periodBytes) {
        pattern.fill(expected.clear().limit(periodBytes), 0);
        expected.limit(block);
        for (int filled = periodBytes; filled < block; filled *= 2) {
            expected.put(filled, expected, 0, Math.min(filled, block - filled));
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The failure that brought us here is the one worth reporting.
        }
    }

    private void deleteQuietly() {
        try {
            watch.watched(IoOperation.DELETE, 0, () -> Files.deleteIfExists(path));
        } catch (IOException ignored) {
            // Best effort: the error event names the path.
        }
    }
}
