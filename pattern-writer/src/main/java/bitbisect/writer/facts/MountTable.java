package bitbisect.writer.facts;

import java.util.List;

/**
 * Parses /proc/self/mountinfo and finds the mount that holds a path.
 *
 * <p>A line looks like
 * {@code 36 35 0:41 / /mnt/nfs rw,relatime shared:1 - nfs4 srv:/export rw,vers=4.2,wsize=1048576}:
 * mount id, parent id, device, root, mount point, mount options, optional fields up to "-",
 * then filesystem type, source and superblock options. Spaces in paths appear as {@code \040}.
 */
public final class MountTable {

    /** One mounted filesystem. */
    public record Mount(String mountPoint, String fsType, String source, String options, String superOptions) {
    }

    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = mounts;
    }

    public static MountTable parse(List<String> mountinfoLines) {
        List<Mount> mounts = new java.util.ArrayList<>();
        for (String line : mountinfoLines) {
            String[] f = line.split(" ");
            int dash = java.util.Arrays.asList(f).indexOf("-");
            if (f.length < 7 || dash < 6 || dash + 3 > f.length) {
                continue; // not a mount line; the format is the kernel's, so skip rather than fail
            }
            mounts.add(new Mount(unescape(f[4]), f[dash + 1], unescape(f[dash + 2]), f[5],
                    dash + 3 < f.length ? f[dash + 3] : ""));
        }
        return new MountTable(List.copyOf(mounts));
    }

    /**
     * The mount holding {@code realPath}: the longest mount point that is a path prefix of it;
     * of several mounts on one point, the last (the one on top).
     */
    public Mount holding(String realPath) {
        Mount best = null;
        for (Mount m : mounts) {
            if (isUnder(realPath, m.mountPoint())
                    && (best == null || m.mountPoint().length() >= best.mountPoint().length())) {
                best = m;
            }
        }
        return best;
    }

    private static boolean isUnder(String path, String mountPoint) {
        return mountPoint.equals("/") || path.equals(mountPoint) || path.startsWith(mountPoint + "/");
    }

    /** Undoes the kernel's octal escapes (\040 space, \011 tab, \012 newline, \134 backslash). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
