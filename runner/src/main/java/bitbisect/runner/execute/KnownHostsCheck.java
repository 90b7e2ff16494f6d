package bitbisect.runner.execute;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Host keys checked against an OpenSSH known_hosts file (plain and hashed entries). An unknown
 * host is refused unless new keys are to be accepted, in which case its key is appended; a
 * changed key is always refused. {@link #refusal()} says why, in words a person can act on.
 */
final class KnownHostsCheck extends OpenSSHKnownHosts {

    private final boolean acceptNew;
    private volatile String refusal;

    KnownHostsCheck(File file, boolean acceptNew) throws IOException {
        super(ensureExists(file));
        this.acceptNew = acceptNew;
    }

    private static File ensureExists(File file) throws IOException {
        if (!file.exists()) {
            Files.createDirectories(file.toPath().toAbsolutePath().getParent());
            Files.createFile(file.toPath());
        }
        return file;
    }

    String refusal() {
        return refusal;
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        if (acceptNew) {
            try {
                HostEntry entry = new HostEntry(null, hostname, KeyType.fromKey(key), key);
                entries().add(entry);
                write(entry);
                return true;
            } catch (IOException e) {
                refusal = "cannot record the new host key of " + hostname + " in " + khFile + ": " + e.getMessage();
                return false;
            }
        }
        refusal = "the host key of " + hostname + " (" + describe(key) + ") is not in " + khFile
                + "; compare it with ssh-keygen -lf on the host, then run again with --accept-new-host-keys"
                + " (or ssh to the host once by hand)";
        return false;
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        refusal = "the host key of " + hostname + " has CHANGED (it is now " + describe(key) + "), so this may not"
                + " be the machine you think; refusing to connect. If the change is expected, remove the old line"
                + " for " + hostname + " from " + khFile;
        return false;
    }

    /** "ssh-ed25519 SHA256:..." as ssh-keygen -l prints it. */
    static String describe(PublicKey key) {
        try {
            byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(blob);
            return KeyType.fromKey(key) + " SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
