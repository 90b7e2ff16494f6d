package bitbisect.runner.console;

import bitbisect.runner.store.ReadProgress;
import java.util.Locale;

/**
 * Where a command that reads a whole store is, as one line for a status line: reading the store
 * (cell directories checked of all), then each step it names.
 */
public final class StoreProgress {

    private final String command;
    private final ReadProgress read = new ReadProgress();
    private final long start = System.nanoTime();
    private volatile String step;

    /** @param command how the line starts: "report", "cube" */
    public StoreProgress(String command) {
        this.command = command;
    }

    /** What the store read counts its cells in. */
    public ReadProgress read() {
        return read;
    }

    /** The step after reading the store, e.g. "writing cube.h5". */
    public void step(String step) {
        this.step = step;
    }

    public String text() {
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String at = step != null ? step : read.cells() < 0 ? "reading the store"
                : String.format(Locale.ROOT, "reading the store: %,d of %,d cells", read.checked(), read.cells());
        return command + ": " + at + ", " + seconds + " s";
    }
}
