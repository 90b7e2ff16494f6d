package bitbisect.writer.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * What happens to a verified file: deleted, or kept under a name of its own so the next
 * iteration cannot overwrite it. {@code t.bin} of iteration 12 is kept as
 * {@code t.bin.iter12.corrupt} (or {@code t.bin.iter12} under {@code --keep all}); if that name
 * is taken by an earlier run, {@code .2}, {@code .3}... is appended.
 */
public final class Evidence {

    /** Which files survive their iteration. */
    public enum Keep {
        CORRUPT, NONE, ALL;

        public static Keep parse(String text) {
            for (Keep k : values()) { // a loop, not a stream: every writer run parses one at its start
                if (k.name().equalsIgnoreCase(text.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("'" + text + "' (use corrupt, none or all)");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Evidence() {
    }

    /**
     * Deletes {@code file} or renames it to its evidence name, which it returns (null when
     * deleted), under {@code watch}: on a mount that stopped answering, the delete after a
     * verified iteration is as likely as any write to be the call that hangs.
     */
    public static Path settle(Path file, long iteration, boolean corrupt, Keep keep, IoWatch watch) throws IoFailure {
        boolean keepIt = corrupt ? keep != Keep.NONE : keep == Keep.ALL;
        try {
            if (!keepIt) {
                return watch.watched(IoOperation.DELETE, 0, () -> {
                    Files.delete(file);
                    return null;
                });
            }
            return watch.watched(IoOperation.RENAME, 0, () -> {
                Path evidence = unusedName(file, ".iter" + iteration + (corrupt ? ".corrupt" : ""));
                Files.move(file, evidence, StandardCopyOption.ATOMIC_MOVE);
                return evidence;
            });
        } catch (IOException e) {
            throw IoFailure.of(e, keepIt ? IoOperation.RENAME : IoOperation.DELETE, null, file);
        }
    }

    private static Path unusedName(Path file, String suffix) {
        Path candidate = file.resolveSibling(file.getFileName() + suffix);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = file.resolveSibling(file.getFileName() + suffix + "." + n);
        }
        return candidate;
    }
}
