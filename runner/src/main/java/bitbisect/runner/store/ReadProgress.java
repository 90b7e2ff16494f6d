package bitbisect.runner.store;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far a read of a sweep's store has got: the cell directories checked so far, of all of
 * them. Counted by the threads that read the store, read by whoever shows progress.
 */
public final class ReadProgress {

    private final AtomicInteger checked = new AtomicInteger();
    private volatile int cells = -1;

    void cells(int count) {
        cells = count;
    }

    void cellChecked() {
        checked.incrementAndGet();
    }

    /** Cell directories checked so far. */
    public int checked() {
        return checked.get();
    }

    /** Cell directories in the store; -1 until they are listed. */
    public int cells() {
        return cells;
    }
}
