package bitbisect.writer.io;

import com.sun.nio.file.ExtendedOpenOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** How a written file is made durable. The label is what users type. */
public enum SyncMode {
    /** write(2) every block, close(2). Data may still sit in the page cache (or the NFS client's). */
    BUFFERED("buffered"),
    /** write(2) every block, fsync(2), close(2). */
    FSYNC("fsync"),
    /** open with O_SYNC: every write returns once data and metadata are stable. */
    OSYNC("osync"),
    /** open with O_DSYNC: every write returns once the data is stable. */
    ODSYNC("odsync"),
    /** open with O_DIRECT, bypassing the page cache; sizes and buffers aligned to the filesystem block. */
    DIRECT("direct");

    /** For help texts. */
    public static final String NAMES = "buffered, fsync, osync, odsync, direct";

    private final String label;

    SyncMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Options for FileChannel.open: always create-or-truncate for writing, plus the mode's flag. */
    public Set<OpenOption> openOptions() {
        Set<OpenOption> options = new java.util.HashSet<>(
                List.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING));
        switch (this) {
            case OSYNC -> options.add(StandardOpenOption.SYNC);
            case ODSYNC -> options.add(StandardOpenOption.DSYNC);
            case DIRECT -> options.add(ExtendedOpenOption.DIRECT);
            default -> {
            }
        }
        return options;
    }

    public boolean needsAlignment() {
        return this == DIRECT;
    }

    /** Whether the file is opened so that every write returns only once its data is stable (O_SYNC, O_DSYNC). */
    public boolean opensSynchronously() {
        return this == OSYNC || this == ODSYNC;
    }

    public static SyncMode parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (var m : values()) { // a loop, not a stream: every writer run parses one at its start
            if (m.label.equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown sync mode '" + text + "' (use one of " + NAMES + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
