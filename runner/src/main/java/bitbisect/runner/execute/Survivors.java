package bitbisect.runner.execute;

import bitbisect.runner.matrix.Matrix;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.SSHClient;

/**
 * The post-mortem of a remote command killed at its timeout: which of its processes are still
 * there, in what state and waiting on what. A writer stuck in uninterruptible I/O (state D, on a
 * hung hard NFS mount) outlives SIGKILL; the run is then hung, and says so with the evidence.
 */
final class Survivors {

    private Survivors() {
    }

    /**
     * What still runs on the host in the process group of the wrapper {@code pid} (timeout(1)
     * leads its own group), two seconds after its SIGKILL, asked over a new session: a note for the
     * hung run, or null when nothing is left. A host that does not answer throws.
     */
    static String after(Matrix.Host host, SSHClient c, long pid) throws IOException, InterruptedException {
        if (pid < 0) {
            return "the command outlived its timeout on " + host.name() + " (its process id never arrived)";
        }
        List<String> left = List.of();
        for (int look = 0; look < 3; look++) {
            // Per thread: a JVM killed in uninterruptible I/O is a zombie leader with one thread in D.
            ShortCommand.Result ps = ShortCommand.exec(c, "ps -eLo pgid=,pid=,stat=,wchan:32=,comm=", Duration.ofSeconds(30));
            Map<String, String[]> worstThread = new java.util.LinkedHashMap<>();
            ps.stdout().lines().map(String::strip).map(l -> l.split("\\s+", 5))
                    .filter(f -> f.length == 5 && f[0].equals(Long.toString(pid)))
                    .forEach(f -> worstThread.merge(f[1], f, (a, b) -> a[2].startsWith("D") || !b[2].startsWith("D") ? a : b));
            left = worstThread.values().stream().map(f -> f[1] + " (" + f[4] + ", state " + f[2] + " in " + f[3] + ")")
                    .toList();
            if (left.isEmpty()) {
                return null;
            }
            Thread.sleep(1_000);
        }
        return Outcome.TimedOut.outlivedKill("on " + host.name() + ", process " + String.join(", ", left));
    }
}
