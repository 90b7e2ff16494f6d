package bitbisect.writer.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * The blocks of one read-back pass, read in file order by a thread of its own up to as many
 * blocks ahead of the caller as there are buffers, so the caller compares one block while the
 * next are being read. Reads are the same calls a plain loop would make (same offsets, same lengths, one
 * at a time, in order); only the comparing moves off their path. A file of one block is read on
 * the caller's thread: there is nothing to overlap.
 *
 * <p>The caller takes block k with {@link #take}, compares it, and hands it back with
 * {@link #release} before taking block k + 1. Either side that has to wait waits for half the
 * buffers (filled, or free), so small blocks do not cost a hand-off each. A short read (end of
 * file) ends the blocks; a failed read is thrown from {@code take} of the block it was reading,
 * so the caller's offset is that block's, as with a plain loop.
 */
final class ReadAhead implements AutoCloseable {

    /** How long a waiting side spins before it parks: about one read of a small block. */
    private static final long SPIN_NANOS = 20_000;

    private final ReadableByteChannel channel;
    private final IoWatch watch;
    private final long size;
    private final int block;
    private final long blocks;
    private final ByteBuffer[] slots;
    /** Blocks a waiting side waits for at once: half the buffers. */
    private final int batch;
    private final Thread caller = Thread.currentThread();
    private final Thread reader;
    /** Blocks read into their slots so far; written after the slot's bytes. */
    private volatile long produced;
    /** Blocks the caller has handed back. */
    private volatile long consumed;
    private volatile boolean stopped;
    private volatile IOException failure;
    /** The reader has ended: at the last block, at the end of the file, or at a failed read. */
    private volatile boolean done;

    /**
     * @param slots read buffers (capacity {@code block} or more), one per block the reader may
     *              run ahead; at least two unless the file is a single block
     */
    ReadAhead(ReadableByteChannel channel, long size, int block, ByteBuffer[] slots, IoWatch watch) {
        this.channel = channel;
        this.watch = watch;
        this.size = size;
        this.block = block;
        this.blocks = (size + block - 1) / block;
        this.slots = slots;
        this.batch = Math.max(1, slots.length / 2);
        if (blocks > 1) {
            if (slots.length < 2) {
                throw new IllegalArgumentException("read-ahead needs two buffers or more");
            }
            reader = new Thread(this::readAll, "read-ahead");
            reader.setDaemon(true); // a read stuck on a hung mount must not keep the process alive
            reader.start();
        } else {
            reader = null;
        }
    }

    /** Block count of the file at its expected size. */
    long blocks() {
        return blocks;
    }

    /**
     * Block {@code k}, waiting for it: its bytes from position 0 to its limit, fewer than a
     * block's only where the file ended.
     */
    ByteBuffer take(long k) throws IOException {
        ByteBuffer slot = slots[(int) (k % slots.length)];
        if (reader == null) {
            readBlock(k, slot);
            return slot;
        }
        if (produced <= k) {
            // Waiting: wait for a batch, not one block, so small blocks do not cost a hand-off each.
            long enough = Math.min(k + batch, blocks);
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (produced <= k || produced < enough && !done) {
                IOException e = failure;
                if (e != null && produced <= k) {
                    throw e; // the reader stopped at this block
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }
        return slot;
    }

    /** Hands block {@code k} back: its buffer may be read into again. */
    void release(long k) {
        consumed = k + 1;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
    }

    private void readAll() {
        try {
            for (long k = 0; k < blocks && !stopped; k++) {
                if (k - consumed >= slots.length) {
                    // Full: wait until a batch of buffers is free again, not just one.
                    long spinUntil = System.nanoTime() + SPIN_NANOS;
                    while (k - consumed > slots.length - batch) {
                        if (stopped) {
                            return;
                        }
                        if (System.nanoTime() < spinUntil) {
                            Thread.onSpinWait();
                        } else {
                            LockSupport.park(this);
                        }
                    }
                }
                ByteBuffer slot = slots[(int) (k % slots.length)];
                boolean whole = readBlock(k, slot);
                produced = k + 1;
                LockSupport.unpark(caller);
                if (!whole) {
                    return; // end of file: the caller stops at this block
                }
            }
        } catch (IOException e) {
            if (!stopped) {
                failure = e;
            }
        } finally {
            done = true;
            LockSupport.unpark(caller);
        }
    }

    /** Reads block {@code k} into {@code slot}; false when the file ended inside it. */
    private boolean readBlock(long k, ByteBuffer slot) throws IOException {
        long offset = k * block;
        int length = (int) Math.min(block, size - offset);
        ByteBuffer into = slot.clear().limit(length);
        while (into.hasRemaining()) {
            watch.begin("read", offset + into.position());
            int n;
            try {
                n = channel.read(into); // read(2) in file order, as a plain loop would
            } finally {
                watch.end();
            }
            if (n < 0) {
                break;
            }
        }
        into.flip();
        return into.limit() == length;
    }

    /** Stops the reader and waits for it, so the buffers are free for the next pass. */
    @Override
    public void close() {
        stopped = true;
        if (reader != null) {
            LockSupport.unpark(reader);
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
