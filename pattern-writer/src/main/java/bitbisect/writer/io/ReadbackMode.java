package bitbisect.writer.io;

import com.sun.nio.file.ExtendedOpenOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;

/** How a file is read back for verification. */
public enum ReadbackMode {
    /**
     * Plain read(2). On the host that wrote the file this is often served from its page cache,
     * which can hide what the storage (or NFS server) really holds.
     */
    CACHED("cached"),
    /**
     * Plain read(2) after the file is made durable and its pages dropped from this host's page
     * cache (posix_fadvise DONTNEED, as fio verifies): what the storage or NFS server returns
     * through the normal read path, with the kernel's read-ahead.
     */
    COLD("cold"),
    /** O_DIRECT read(2): from the storage, past this host's page cache. */
    DIRECT("direct");

    public static final String NAMES = "cached, cold, direct";

    private final String label;

    ReadbackMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public Set<OpenOption> openOptions() {
        return this == DIRECT
                ? Set.of(StandardOpenOption.READ, ExtendedOpenOption.DIRECT)
                : Set.of(StandardOpenOption.READ);
    }

    public boolean needsAlignment() {
        return this == DIRECT;
    }

    public static ReadbackMode parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (var m : values()) { // a loop, not a stream: every writer run parses one at its start
            if (m.label.equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown read-back mode '" + text + "' (use one of " + NAMES + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
