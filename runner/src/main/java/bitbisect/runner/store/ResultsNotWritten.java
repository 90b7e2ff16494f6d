package bitbisect.runner.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The results could not be written (a full disk above all): the sweep stops, what was stored is
 * kept, and the same command goes on once the cause is fixed. Its message says so in one line.
 */
public final class ResultsNotWritten extends IOException {

    private ResultsNotWritten(String message, Throwable cause) {
        super(message, cause);
    }

    /** The reason {@code failure} (from writing under {@code dir}) stopped the sweep, in words a user can act on. */
    public static ResultsNotWritten of(IOException failure, Path dir) {
        if (failure instanceof ResultsNotWritten known) {
            return known;
        }
        if (full(failure)) {
            return new ResultsNotWritten(String.format(Locale.ROOT, "results directory full: %s has %s free; free some"
                    + " space there and run the same command again (every finished run is kept)", dir, free(dir)),
                    failure);
        }
        return new ResultsNotWritten("cannot write the results under " + dir + ": " + failure.getMessage()
                + "; fix that and run the same command again (every finished run is kept)", failure);
    }

    /** Whether a failure (or one of its causes) is ENOSPC or EDQUOT. */
    static boolean full(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private static String free(Path dir) {
        try {
            long bytes = Files.getFileStore(dir).getUsableSpace();
            return bytes < 1 << 20 ? String.format(Locale.ROOT, "%,d KiB", bytes >> 10)
                    : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
        } catch (IOException e) {
            return "no space it can tell";
        }
    }
}
