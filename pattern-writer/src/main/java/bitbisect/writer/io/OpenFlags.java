package bitbisect.writer.io;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags the kernel holds for an open file, read from {@code /proc/self/fdinfo/<fd>}: proof
 * that O_SYNC, O_DSYNC or O_DIRECT really reached the open file, not just that an option was set.
 *
 * <p>Example: a file opened by {@code --sync osync} on x86_64 shows {@code "octal": "04110001"}
 * and names {@code [O_WRONLY, O_DSYNC, O_LARGEFILE, O_SYNC]}.
 */
public record OpenFlags(String octal, List<String> names) {

    private static final int O_ACCMODE = 03;
    private static final int O_DSYNC = 010000;
    private static final int O_SYNC_ONLY = 04000000; // __O_SYNC; O_SYNC is __O_SYNC | O_DSYNC
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Path FDINFO = Path.of("/proc/self/fdinfo");
    private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));

    /** Flag bits that differ between architectures, then the common ones. */
    private static final Object[][] NAMED_BITS = {
        {0100, "O_CREAT"}, {0200, "O_EXCL"}, {0400, "O_NOCTTY"}, {01000, "O_TRUNC"}, {02000, "O_APPEND"},
        {04000, "O_NONBLOCK"}, {020000, "O_ASYNC"},
        {AARCH64 ? 0200000 : 040000, "O_DIRECT"},
        {AARCH64 ? 0400000 : 0100000, "O_LARGEFILE"},
        {AARCH64 ? 040000 : 0200000, "O_DIRECTORY"},
        {AARCH64 ? 0100000 : 0400000, "O_NOFOLLOW"},
        {01000000, "O_NOATIME"}, {02000000, "O_CLOEXEC"}, {010000000, "O_PATH"},
    };

    public boolean has(String name) {
        return names.contains(name);
    }

    public static OpenFlags decode(int flags) {
        List<String> names = new ArrayList<>();
        names.add(switch (flags & O_ACCMODE) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            default -> "O_RDWR";
        });
        for (Object[] bit : NAMED_BITS) {
            if ((flags & (int) bit[0]) != 0) {
                names.add((String) bit[1]);
            }
        }
        if ((flags & O_SYNC_ONLY) != 0) {
            names.add("O_SYNC");
        } else if ((flags & O_DSYNC) != 0) {
            names.add("O_DSYNC");
        }
        return new OpenFlags("0" + Integer.toOctalString(flags), List.copyOf(names));
    }

    /** What {@link #ofOpenFile} found last: the file, its real path and its descriptor number. */
    private record Found(Path file, Path real, String fd) {
    }

    private static volatile Found last;

    /**
     * Flags of this process's open descriptor for {@code file}, found by matching the links in
     * {@code /proc/self/fd}. Null where /proc is missing or no descriptor matches.
     */
    public static OpenFlags ofOpenFile(Path file) {
        try {
            // A file reopened each iteration usually gets the same descriptor back: one readlink
            // proves it, where resolving the path and walking /proc/self/fd take dozens of calls.
            Found hint = last;
            if (hint != null && hint.file().equals(file) && hint.real().equals(linkOrNull(FDS.resolve(hint.fd())))) {
                return readFdinfo(hint.fd());
            }
            Path real = file.toRealPath();
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
                for (Path fd : fds) {
                    if (real.equals(linkOrNull(fd))) {
                        last = new Found(file, real, fd.getFileName().toString());
                        return readFdinfo(last.fd());
                    }
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        return null;
    }

    private static Path linkOrNull(Path fd) {
        try {
            return Files.readSymbolicLink(fd);
        } catch (IOException closed) {
            return null;
        }
    }

    /** The octal {@code flags:} line of {@code /proc/self/fdinfo/<fd>} ("pos:\t0\nflags:\t0100001\n..."). */
    private static OpenFlags readFdinfo(String fd) throws IOException {
        byte[] head = new byte[256]; // flags is the second line; /proc reports no size to size a read by
        int n;
        try (FileInputStream in = new FileInputStream(FDINFO.resolve(fd).toFile())) {
            n = in.read(head); // one read: /proc hands a file this small over whole
        }
        String text = "\n" + new String(head, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
        int key = text.indexOf("\nflags:");
        if (key < 0) {
            return null;
        }
        int at = key + "\nflags:".length();
        while (at < text.length() && (text.charAt(at) == '\t' || text.charAt(at) == ' ')) {
            at++;
        }
        int end = at;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
            end++;
        }
        return end == at ? null : decode(Integer.parseInt(text, at, end, 8));
    }
}
