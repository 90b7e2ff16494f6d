package bitbisect.runner.execute;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of the SSH agent ({@code $SSH_AUTH_SOCK}, as OpenSSH's ssh-agent serves it): the keys
 * it holds and signatures made with them, so keys that live only in the agent (or behind a
 * passphrase the agent already has) log in as they do for ssh. The protocol is
 * draft-miller-ssh-agent: length-prefixed messages over a Unix socket.
 */
final class SshAgent implements AutoCloseable {

    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    /** Sign with rsa-sha2-256: servers refuse SHA-1 ssh-rsa signatures by default. */
    static final int RSA_SHA2_256 = 2;

    /** A key the agent holds: its public key blob (type first) and its comment. */
    record Identity(byte[] blob, String comment) {

        /** The key type the blob begins with (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256...). */
        String type() {
            ByteBuffer b = ByteBuffer.wrap(blob);
            byte[] type = new byte[b.getInt()];
            b.get(type);
            return new String(type, StandardCharsets.US_ASCII);
        }
    }

    private final SocketChannel channel;

    private SshAgent(SocketChannel channel) {
        this.channel = channel;
    }

    /** The agent named by $SSH_AUTH_SOCK, or null when there is none or it does not answer. */
    static SshAgent fromEnvironment() {
        String socket = System.getenv("SSH_AUTH_SOCK");
        if (socket == null || socket.isBlank()) {
            return null;
        }
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new SshAgent(ch);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Every key the agent holds, in its order. */
    synchronized List<Identity> identities() throws IOException {
        ByteBuffer reply = call(new byte[] {REQUEST_IDENTITIES});
        expect(reply, IDENTITIES_ANSWER, "list its keys");
        int n = reply.getInt();
        List<Identity> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] blob = string(reply);
            out.add(new Identity(blob, new String(string(reply), StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The signature blob (algorithm name, then signature) of {@code data} with the key of {@code blob}. */
    synchronized byte[] sign(byte[] blob, byte[] data, int flags) throws IOException {
        ByteBuffer request = ByteBuffer.allocate(1 + 4 + blob.length + 4 + data.length + 4);
        request.put(SIGN_REQUEST).putInt(blob.length).put(blob).putInt(data.length).put(data).putInt(flags);
        ByteBuffer reply = call(request.array());
        expect(reply, SIGN_RESPONSE, "sign with its key");
        return string(reply);
    }

    private ByteBuffer call(byte[] message) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(4 + message.length).putInt(message.length).put(message).flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer length = read(4);
        int n = length.getInt();
        if (n <= 0 || n > 256 * 1024) {
            throw new IOException("the SSH agent answered with a message of " + n + " bytes");
        }
        return read(n);
    }

    private ByteBuffer read(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new IOException("the SSH agent closed the connection");
            }
        }
        return b.flip();
    }

    private static void expect(ByteBuffer reply, byte type, String what) throws IOException {
        byte got = reply.get();
        if (got != type) {
            throw new IOException("the SSH agent would not " + what + " (answer " + got + ")");
        }
    }

    private static byte[] string(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return s;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing to flush.
        }
    }
}
