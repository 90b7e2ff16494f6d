package bitbisect.runner.execute;

import bitbisect.runner.probe.ShellQuote;
import bitbisect.runner.probe.WriterJar;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.xfer.FileSystemFile;

/** Deploys the writer jar to a host over SFTP. */
final class WriterUpload {

    /** Checksum, mkdir, SFTP and rename together. */
    static final Duration DEADLINE = Duration.ofMinutes(3);

    private WriterUpload() {
    }

    /**
     * Puts the writer jar on a host, once: at {@code ~/.cache/bitbisect/pattern-writer-<sha>.jar},
     * skipped when a file with that checksum is there; uploaded to a temporary name and renamed, so
     * hosts that share a home directory never see half a jar. Bounded by {@link #DEADLINE}.
     */
    static String deploy(SSHClient c, WriterJar jar, String hostName) throws IOException {
        try (Deadline deadline = Deadline.after(DEADLINE, () -> SshLogin.closeQuietly(c))) {
            try {
                return upload(c, jar, hostName);
            } catch (IOException e) {
                if (deadline.expired()) {
                    throw new IOException("uploading the writer to " + hostName + " did not finish within "
                            + DEADLINE.toMinutes() + " min", e);
                }
                throw e;
            }
        }
    }

    private static String upload(SSHClient c, WriterJar jar, String hostName) throws IOException {
        String target = jar.hostPath();
        if (!matches(c, jar, target)) {
            ShortCommand.exec(c, "mkdir -p " + WriterJar.HOST_CACHE, Duration.ofSeconds(30));
            String temp = target + ".tmp-" + UUID.randomUUID();
            try (SFTPClient sftp = c.newSFTPClient()) {
                sftp.put(new FileSystemFile(jar.path().toFile()), temp);
            } catch (IOException e) {
                throw new IOException("cannot upload the writer over SFTP: " + SshLogin.describe(e)
                        + " (is the sftp subsystem enabled in the host's sshd_config?)", e);
            }
            // rename(2) makes the jar appear whole, even with hosts sharing a home directory
            ShortCommand.Result moved = ShortCommand.exec(c, "mv -f " + ShellQuote.quote(temp) + " "
                    + ShellQuote.quote(target), Duration.ofSeconds(30));
            if (moved.exit() != 0 || !matches(c, jar, target)) {
                throw new IOException("uploading the writer to " + hostName + " failed: " + moved.stderr().strip());
            }
        }
        return target;
    }

    private static boolean matches(SSHClient c, WriterJar jar, String path) throws IOException {
        ShortCommand.Result sum = ShortCommand.exec(c, "sha256sum " + ShellQuote.quote(path) + " 2>/dev/null",
                Duration.ofSeconds(60));
        return sum.exit() == 0 && sum.stdout().startsWith(jar.sha256());
    }
}
