package bitbisect.writer.facts;

import java.util.List;

/**
 * Reads the NFS client counters of one mount from /proc/self/mountstats. A mount's section:
 * <pre>
 * device srv:/export mounted on /mnt/nfs with fstype nfs4 statvers=1.1
 *     opts:   rw,vers=4.2,rsize=1048576,wsize=1048576,hard,proto=tcp,timeo=600,retrans=2
 *     xprt:   tcp 875 1 2 0 0 48412 48410 0 48412 0 2 0 0
 *     per-op statistics
 *             WRITE: 2048 2051 1 ...
 * </pre>
 * For tcp the xprt fields are srcport, bind count, connect count, connect time, idle time,
 * sends, ...; for udp srcport, bind count, sends, .... Each per-op line gives operations,
 * transmissions and major timeouts first.
 */
public final class NfsMountStats {

    private NfsMountStats() {
    }

    /** Counters of the NFS mount on {@code mountPoint}, or null when it is not an NFS mount. */
    public static NfsCounters forMount(List<String> mountstatsLines, String mountPoint) {
        boolean inside = false;
        boolean perOp = false;
        String options = null;
        long sends = 0;
        long requests = 0;
        long transmissions = 0;
        long timeouts = 0;
        boolean found = false;
        for (String raw : mountstatsLines) {
            if (raw.startsWith("device ")) {
                if (found) {
                    break;
                }
                inside = isNfsSectionFor(raw, mountPoint);
                found = inside;
                perOp = false;
                continue;
            }
            if (!inside) {
                continue;
            }
            String line = raw.trim();
            if (line.startsWith("opts:")) {
                options = line.substring("opts:".length()).trim();
            } else if (line.startsWith("xprt:")) {
                String[] f = line.substring("xprt:".length()).trim().split("\\s+");
                int sendsField = "udp".equals(f[0]) ? 3 : 6;
                if (f.length > sendsField) {
                    sends += Long.parseLong(f[sendsField]);
                }
            } else if (line.equals("per-op statistics")) {
                perOp = true;
            } else if (perOp && line.contains(":")) {
                String[] f = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
                if (f.length >= 3) {
                    requests += Long.parseLong(f[0]);
                    transmissions += Long.parseLong(f[1]);
                    timeouts += Long.parseLong(f[2]);
                }
            }
        }
        return found ? new NfsCounters(options, sends, requests, transmissions, transmissions - requests, timeouts)
                : null;
    }

    private static boolean isNfsSectionFor(String deviceLine, String mountPoint) {
        // device SOURCE mounted on MOUNTPOINT with fstype TYPE [statvers=...]
        int on = deviceLine.indexOf(" mounted on ");
        int with = deviceLine.lastIndexOf(" with fstype ");
        if (on < 0 || with < on) {
            return false;
        }
        String point = MountTable.unescape(deviceLine.substring(on + " mounted on ".length(), with));
        String type = deviceLine.substring(with + " with fstype ".length()).split(" ")[0];
        return point.equals(mountPoint) && type.startsWith("nfs");
    }
}
