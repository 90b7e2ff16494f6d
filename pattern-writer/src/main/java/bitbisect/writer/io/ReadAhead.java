package bitbisect.writer.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The blocks of one read-back pass, read ahead of the caller by {@code depth} threads of their
 * own, so the caller compares one block while the next are being read. Each block is one read
 * at its own offset ({@code pread(2)}, the same offsets and lengths a plain loop reads); blocks
 * are claimed in file order, so with depth 1 the reads are also made one at a time in that
 * order, and with depth N up to N are in flight at once, as fio's {@code iodepth} keeps them.
 * A file of one block is read on the caller's thread: there is nothing to overlap.
 *
 * <p>The caller takes block k with {@link #take}, compares it, and hands it back with
 * {@link #release} before taking block k + 1; blocks reach it in file order whatever order
 * their reads end in. Either side that has to wait waits for half the buffers (filled, or
 * free), so small blocks do not cost a hand-off each. A short read (end of file) ends the
 * blocks; a failed read is thrown from {@code take} of the block it was reading, after the
 * blocks before it, so the caller's offset is that block's, as with a plain loop.
 */
final class ReadAhead implements AutoCloseable {

    /** Reads into {@code dst} from the file at {@code position}; -1 at the end of the file. */
    @FunctionalInterface
    interface Source {
        int read(ByteBuffer dst, long position) throws IOException;
    }

    /** How long a waiting side spins before it parks: about one read of a small block. */
    private static final long SPIN_NANOS = 20_000;
    private static final long NONE = Long.MAX_VALUE;

    private final Source source;
    private final IoWatch watch;
    private final long size;
    private final int block;
    private final long blocks;
    private final ByteBuffer[] slots;
    /** Blocks a waiting side waits for at once: half the buffers. */
    private final int batch;
    private final Thread caller = Thread.currentThread();
    private final Thread[] readers;
    /** The next block a reader claims. */
    private final AtomicLong claimed = new AtomicLong();
    /** Per buffer, 1 + the block whose bytes it holds; set after the bytes are in. */
    private final AtomicLongArray filled;
    /** Readers still running. */
    private final AtomicInteger running;
    /** Blocks the caller has handed back. */
    private volatile long consumed;
    /** The first block that ended short (the end of the file): no block past it is read. */
    private final AtomicLong shortBlock = new AtomicLong(NONE);
    /** The first block whose read failed, and its failure (written before the block). */
    private volatile long failedBlock = NONE;
    private volatile IOException failure;
    private volatile boolean stopped;
    private volatile boolean callerParked;
    /** Readers parked, or about to park, for a free buffer. */
    private final AtomicInteger readersParked = new AtomicInteger();

    /**
     * @param slots read buffers (capacity {@code block} or more), one per block the readers may
     *              run ahead; more than {@code depth} unless the file is a single block
     * @param depth reads in flight at once, 1 or more
     */
    ReadAhead(Source source, long size, int block, ByteBuffer[] slots, int depth, IoWatch watch) {
        this.source = source;
        this.watch = watch;
        this.size = size;
        this.block = block;
        this.blocks = (size + block - 1) / block;
        this.slots = slots;
        this.batch = Math.max(1, slots.length / 2);
        this.filled = new AtomicLongArray(slots.length);
        if (depth < 1) {
            throw new IllegalArgumentException("read depth must be 1 or more");
        }
        if (blocks > 1) {
            if (slots.length <= depth) {
                throw new IllegalArgumentException("read-ahead of depth " + depth + " needs " + (depth + 1)
                        + " buffers or more");
            }
            readers = new Thread[(int) Math.min(depth, blocks)];
            running = new AtomicInteger(readers.length);
            for (int i = 0; i < readers.length; i++) {
                readers[i] = new Thread(this::readAll, "read-ahead-" + i);
                readers[i].setDaemon(true); // a read stuck on a hung mount must not keep the process alive
                readers[i].start();
            }
        } else {
            readers = null;
            running = new AtomicInteger();
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
        int index = (int) (k % slots.length);
        ByteBuffer slot = slots[index];
        if (readers == null) {
            try (IoWatch.Lane lane = watch.lane()) {
                read(k, slot, lane);
            }
            return slot;
        }
        if (!isFilled(k)) {
            // Waiting: wait for a batch, not one block, so small blocks do not cost a hand-off each.
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (!isFilled(k) || !batchReady(k)) {
                if (failedBlock == k) {
                    throw failure; // the read of this block failed
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    callerParked = true;
                    if (!isFilled(k) || !batchReady(k)) {
                        LockSupport.park(this);
                    }
                    callerParked = false;
                }
            }
        }
        return slot;
    }

    private boolean isFilled(long k) {
        return filled.get((int) (k % slots.length)) == k + 1;
    }

    /** The blocks up to half the buffers past k are in, or will never be. */
    private boolean batchReady(long k) {
        long last = Math.min(k + batch, blocks) - 1;
        return isFilled(last) || last > shortBlock.get() || last >= failedBlock || running.get() == 0;
    }

    /** Hands block {@code k} back: its buffer may be read into again. */
    void release(long k) {
        consumed = k + 1;
        if (readersParked.get() > 0) {
            for (Thread reader : readers) {
                LockSupport.unpark(reader);
            }
        }
    }

    private void readAll() {
        try (IoWatch.Lane lane = watch.lane()) {
            for (long k = claimed.getAndIncrement(); k < blocks && !stopped; k = claimed.getAndIncrement()) {
                if (!awaitFreeSlot(k)) {
                    return;
                }
                int index = (int) (k % slots.length);
                boolean whole;
                try {
                    whole = read(k, slots[index], lane);
                } catch (IOException | RuntimeException e) {
                    failed(k, e instanceof IOException io ? io : new IOException("read-ahead failed: " + e, e));
                    return;
                }
                filled.set(index, k + 1);
                if (!whole) {
                    shortBlock.accumulateAndGet(k, Math::min);
                }
                if (callerParked) {
                    LockSupport.unpark(caller);
                }
            }
        } finally {
            running.decrementAndGet();
            LockSupport.unpark(caller);
        }
    }

    /**
     * Waits until block k's buffer is free (block k - buffers handed back); false when block k
     * is not to be read: past the end of the file, past a failed read, or stopped.
     */
    private boolean awaitFreeSlot(long k) {
        if (k - consumed < slots.length) {
            return !unwanted(k);
        }
        // Full: wait until a batch of buffers is free again, not just one.
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (k - consumed > slots.length - batch) {
            if (unwanted(k)) {
                return false;
            }
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                readersParked.incrementAndGet();
                if (k - consumed > slots.length - batch && !unwanted(k)) {
                    LockSupport.park(this);
                }
                readersParked.decrementAndGet();
            }
        }
        return !unwanted(k);
    }

    private boolean unwanted(long k) {
        return stopped || k > shortBlock.get() || k > failedBlock;
    }

    private synchronized void failed(long k, IOException e) {
        if (stopped || k >= failedBlock) {
            return;
        }
        failure = e;
        failedBlock = k;
    }

    /** Reads block {@code k} into {@code slot}; false when the file ended inside it. */
    private boolean read(long k, ByteBuffer slot, IoWatch.Lane lane) throws IOException {
        long offset = k * block;
        int length = (int) Math.min(block, size - offset);
        ByteBuffer into = slot.clear().limit(length);
        while (into.hasRemaining()) {
            long at = offset + into.position();
            lane.begin(IoOperation.READ, at);
            int n;
            try {
                n = source.read(into, at);
            } finally {
                lane.end();
            }
            if (n < 0) {
                break;
            }
        }
        into.flip();
        return into.limit() == length;
    }

    /** Stops the readers and waits for them, so the buffers are free for the next pass. */
    @Override
    public void close() {
        stopped = true;
        if (readers != null) {
            for (Thread reader : readers) {
                LockSupport.unpark(reader);
            }
            for (Thread reader : readers) {
                try {
                    reader.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
