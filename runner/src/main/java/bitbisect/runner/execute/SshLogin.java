package bitbisect.runner.execute;

import bitbisect.runner.matrix.Matrix;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Reaching a host over SSH (sshj): connect, directly or through a chain of jump hosts, check the
 * host key at every hop, log in with the key, and keep the connection alive. Every step is
 * bounded (docs/matrix.md, "When a host stops answering"): a frozen host (SIGSTOP, a kernel
 * stall, a black-holed link) costs a bounded time, never the sweep.
 */
final class SshLogin {

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** The server's greeting: a frozen sshd still accepts TCP connections in the kernel's backlog. */
    private static final int IDENT_TIMEOUT_MS = 10_000;
    /** Each key exchange, authentication and channel-open round trip. */
    private static final int ROUND_TRIP_TIMEOUT_MS = 15_000;
    /** Connect, greeting, key exchange and login together, at every hop of a jump chain. */
    static final Duration LOGIN_DEADLINE = Duration.ofSeconds(45);
    /** An open connection with this many keepalives unanswered, one every KEEPALIVE_SECONDS, is dead. */
    private static final int KEEPALIVE_SECONDS = 5;
    private static final int KEEPALIVES_MISSED = 4;
    private static final String PASSPHRASE_ENV = "BITBISECT_SSH_PASSPHRASE";

    /** A logged-in client and the jump-host clients it goes through, closed together. */
    record Connection(SSHClient client, List<SSHClient> hops) implements AutoCloseable {

        boolean usable() {
            return client.isConnected() && client.isAuthenticated();
        }

        @Override
        public void close() {
            closeQuietly(client);
            hops.forEach(SshLogin::closeQuietly);
        }
    }

    private SshLogin() {
    }

    /**
     * Connects and logs in to {@code ssh} within {@link #LOGIN_DEADLINE}. A host that answers but
     * will not have us (its key, the login) throws {@link Refused}; one that does not answer
     * throws an IOException that says so.
     */
    static Connection connect(Matrix.Ssh ssh, boolean acceptNewHostKeys, Passphrases passphrases) throws IOException {
        List<SSHClient> hops = new ArrayList<>();
        List<SSHClient> opening = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Deadline deadline = Deadline.after(LOGIN_DEADLINE, () -> opening.forEach(SshLogin::closeQuietly))) {
            try {
                return new Connection(open(ssh, acceptNewHostKeys, passphrases, hops, opening), List.copyOf(hops));
            } catch (IOException e) {
                hops.forEach(SshLogin::closeQuietly);
                if (deadline.expired()) {
                    throw new IOException("no login to " + ssh.address() + " within " + LOGIN_DEADLINE.toSeconds()
                            + " s (connect, greeting, key exchange and login): the host or its sshd is not answering", e);
                }
                throw e;
            }
        }
    }

    /**
     * Passphrases of encrypted keys: $BITBISECT_SSH_PASSPHRASE, else asked once per key file on
     * the terminal (never when there is none, as in CI or under nohup). Answers are remembered,
     * so hosts sharing a key ask once.
     */
    static final class Passphrases {
        private final Map<String, char[]> asked = new ConcurrentHashMap<>();

        /** A finder for one key file (sshj does not always say which key it is decrypting). */
        PasswordFinder forKey(java.nio.file.Path key) {
            return new PasswordFinder() {
                @Override
                public char[] reqPassword(Resource<?> resource) {
                    String env = System.getenv(PASSPHRASE_ENV);
                    if (env != null) {
                        return env.toCharArray();
                    }
                    java.io.Console console = System.console();
                    if (console == null) {
                        return null;
                    }
                    return asked.computeIfAbsent(key.toString(), k -> {
                        synchronized (Passphrases.class) {
                            char[] typed = console.readPassword("Passphrase for %s: ", k);
                            return typed == null ? new char[0] : typed;
                        }
                    }).clone();
                }

                @Override
                public boolean shouldRetry(Resource<?> resource) {
                    return false;
                }
            };
        }
    }

    /**
     * Connects and logs in to {@code ssh}: directly, or through its jump host (connected first,
     * recursively, and kept in {@code hops} to be closed with it). Host keys are checked at
     * every hop. Every client is added to {@code opening} as soon as it exists, so that a
     * deadline can close it mid-connect. A host that answers but will not have us (its key, the
     * login) throws {@link Refused}.
     */
    private static SSHClient open(Matrix.Ssh ssh, boolean acceptNewHostKeys, Passphrases passphrases, List<SSHClient> hops,
                                  List<SSHClient> opening) throws IOException {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient c = new SSHClient(config);
        opening.add(c);
        KnownHostsCheck check = new KnownHostsCheck(ssh.knownHosts().toFile(), acceptNewHostKeys);
        c.addHostKeyVerifier(check);
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setTimeout(IDENT_TIMEOUT_MS); // bounds the greeting; sshj's reader thread ignores it afterwards
        c.getTransport().setTimeoutMs(ROUND_TRIP_TIMEOUT_MS);
        c.getConnection().setTimeoutMs(ROUND_TRIP_TIMEOUT_MS);
        // Before connect: sshj starts the keepalive thread only if an interval is set by then.
        c.getConnection().getKeepAlive().setKeepAliveInterval(KEEPALIVE_SECONDS);
        ((net.schmizz.keepalive.KeepAliveRunner) c.getConnection().getKeepAlive()).setMaxAliveCount(KEEPALIVES_MISSED);
        String where = ssh.address() + ":" + ssh.port() + (ssh.jump() == null ? "" : " via " + ssh.jump().address());
        try {
            if (ssh.jump() == null) {
                c.connect(ssh.address(), ssh.port());
            } else {
                SSHClient jump = open(ssh.jump(), acceptNewHostKeys, passphrases, hops, opening);
                hops.add(jump);
                c.connectVia(jump.newDirectConnection(ssh.address(), ssh.port()));
            }
        } catch (TransportException e) {
            closeQuietly(c);
            if (check.refusal() != null) {
                throw new Refused(check.refusal(), e);
            }
            throw new IOException("cannot connect to " + where + ": " + describe(e), e);
        } catch (IOException e) {
            closeQuietly(c);
            throw new IOException("cannot connect to " + where + ": " + describe(e), e);
        }
        try {
            // As ssh does: the agent's keys first, then every key file the config names, in turn;
            // an unreadable file is left out.
            List<net.schmizz.sshj.userauth.method.AuthMethod> methods = new ArrayList<>(agentLogins());
            IOException unreadable = null;
            for (java.nio.file.Path key : ssh.identities()) {
                try {
                    methods.add(new net.schmizz.sshj.userauth.method.AuthPublickey(
                            c.loadKeys(key.toString(), passphrases.forKey(key))));
                } catch (IOException e) {
                    unreadable = unreadable == null ? e : unreadable;
                }
            }
            if (methods.isEmpty()) {
                throw unreadable != null ? unreadable : new java.io.FileNotFoundException("no key file");
            }
            c.auth(ssh.user(), methods);
        } catch (IOException e) {
            closeQuietly(c);
            // A refused key is the host's answer; a transport failure here is the host not answering.
            boolean refused = e instanceof net.schmizz.sshj.userauth.UserAuthException
                    || e instanceof java.io.FileNotFoundException;
            String why = "cannot log in to " + ssh.address() + " as " + ssh.user() + " with "
                    + keyList(ssh.identities()) + ": " + describe(e) + (System.getenv(PASSPHRASE_ENV) == null
                    ? " (a key with a passphrase takes it from $" + PASSPHRASE_ENV + ", or from a prompt on a terminal)"
                    : "");
            throw refused ? new Refused(why, e) : new IOException(why, e);
        }
        return c;
    }

    private static String keyList(List<java.nio.file.Path> keys) {
        List<String> all = new ArrayList<>(agentLogins().stream().map(Object::toString).toList());
        keys.forEach(k -> all.add(k.toString()));
        return String.join(" or ", all);
    }

    /** The SSH agent of $SSH_AUTH_SOCK, connected once per process when first needed; null when there is none. */
    private static final class Agent {
        static final SshAgent CONNECTION = SshAgent.fromEnvironment();
    }

    /** A login with each key the agent holds, in its order; none without an agent. */
    private static List<AgentKeyAuth> agentLogins() {
        SshAgent agent = Agent.CONNECTION;
        if (agent == null) {
            return List.of();
        }
        try {
            return agent.identities().stream().map(k -> new AgentKeyAuth(agent, k)).toList();
        } catch (IOException e) {
            return List.of(); // an agent that does not answer is as good as none; key files still work
        }
    }

    static String describe(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    static void closeQuietly(SSHClient c) {
        try {
            c.disconnect();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
