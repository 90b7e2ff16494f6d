package bitbisect.runner.execute;

import bitbisect.runner.matrix.Matrix;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import net.schmizz.sshj.xfer.FileSystemFile;

/**
 * Runs the writer on remote hosts over SSH (sshj). One connection per host, opened on first use
 * and reused for all its cells, with a connect timeout and keepalive. The writer jar is uploaded
 * once per host to {@code ~/.cache/bitbisect/pattern-writer-<sha>.jar}, skipped when a file with
 * that checksum is there. Each run is wrapped in a remote {@code timeout -k}, because OpenSSH
 * ignores signal requests for root sessions and closing the channel alone can leave the writer
 * running. If the command still runs well after that wrapper's SIGKILL, the client asks the host
 * what is left: a writer stuck in uninterruptible I/O makes the run hung, with its state; a host
 * that does not answer is unreachable.
 */
public final class SshExecutor implements Executor {

    // Deadlines of every remote step (docs/matrix.md, "When a host stops answering"). A frozen
    // host (SIGSTOP, a kernel stall, a black-holed link) must cost a bounded time, never the sweep.
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** The server's greeting: a frozen sshd still accepts TCP connections in the kernel's backlog. */
    private static final int IDENT_TIMEOUT_MS = 10_000;
    /** Each key exchange, authentication and channel-open round trip. */
    private static final int ROUND_TRIP_TIMEOUT_MS = 15_000;
    /** Connect, greeting, key exchange and login together, at every hop of a jump chain. */
    static final Duration LOGIN_DEADLINE = Duration.ofSeconds(45);
    /** Uploading the writer jar (checksum, mkdir, SFTP, rename). */
    static final Duration UPLOAD_DEADLINE = Duration.ofMinutes(3);
    /** An open connection with this many keepalives unanswered, one every KEEPALIVE_SECONDS, is dead. */
    private static final int KEEPALIVE_SECONDS = 5;
    private static final int KEEPALIVES_MISSED = 4;
    private static final Duration CLIENT_GRACE = Duration.ofSeconds(20);
    private static final String PASSPHRASE_ENV = "BITBISECT_SSH_PASSPHRASE";
    private static final String PID_MARK = "bitbisect-wrapper-pid ";
    /** Linux signal numbers, for an exit status as a shell reports a death by signal (128 + n). */
    private static final Map<Signal, Integer> SIGNAL_NUMBERS = Map.ofEntries(Map.entry(Signal.HUP, 1),
            Map.entry(Signal.INT, 2), Map.entry(Signal.QUIT, 3), Map.entry(Signal.ILL, 4), Map.entry(Signal.ABRT, 6),
            Map.entry(Signal.FPE, 8), Map.entry(Signal.KILL, 9), Map.entry(Signal.USR1, 10), Map.entry(Signal.SEGV, 11),
            Map.entry(Signal.USR2, 12), Map.entry(Signal.PIPE, 13), Map.entry(Signal.ALRM, 14), Map.entry(Signal.TERM, 15));

    private final WriterJar jar;
    private final boolean acceptNewHostKeys;
    private final Map<String, Remote> remotes = new ConcurrentHashMap<>();
    private final Passphrases passphrases = new Passphrases();

    /**
     * Passphrases of encrypted keys: $BITBISECT_SSH_PASSPHRASE, else asked once per key file on
     * the terminal (never when there is none, as in CI or under nohup). Answers are remembered,
     * so hosts sharing a key ask once.
     */
    private static final class Passphrases {
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

    public SshExecutor(WriterJar jar, boolean acceptNewHostKeys) {
        this.jar = jar;
        this.acceptNewHostKeys = acceptNewHostKeys;
    }

    /** The output of a short helper command. */
    private record Result(int exit, String stdout, String stderr) {
    }

    /** A host's connection and deployed jar; connects again after a drop. */
    private final class Remote {
        private final Matrix.Host host;
        private final List<SSHClient> hops = new ArrayList<>();
        private SSHClient client;
        private String jarPath;

        Remote(Matrix.Host host) {
            this.host = host;
        }

        synchronized SSHClient client() throws IOException {
            if (client != null && client.isConnected() && client.isAuthenticated()) {
                return client;
            }
            reset();
            List<SSHClient> opening = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (Deadline deadline = Deadline.after(LOGIN_DEADLINE, () -> opening.forEach(SshExecutor::closeQuietly))) {
                try {
                    client = open(host.ssh(), hops, opening);
                } catch (IOException e) {
                    hops.forEach(SshExecutor::closeQuietly);
                    hops.clear();
                    if (deadline.expired()) {
                        throw new IOException("no login to " + host.ssh().address() + " within "
                                + LOGIN_DEADLINE.toSeconds() + " s (connect, greeting, key exchange and login):"
                                + " the host or its sshd is not answering", e);
                    }
                    throw e;
                }
            }
            return client;
        }

        synchronized String deployedJar() throws IOException {
            if (jarPath != null) {
                return jarPath;
            }
            SSHClient c = client();
            try (Deadline deadline = Deadline.after(UPLOAD_DEADLINE, () -> closeQuietly(c))) {
                try {
                    jarPath = upload(c);
                } catch (IOException e) {
                    if (deadline.expired()) {
                        reset();
                        throw new IOException("uploading the writer to " + host.name() + " did not finish within "
                                + UPLOAD_DEADLINE.toMinutes() + " min", e);
                    }
                    throw e;
                }
            }
            return jarPath;
        }

        private String upload(SSHClient c) throws IOException {
            String target = ".cache/bitbisect/pattern-writer-" + jar.sha256().substring(0, 16) + ".jar";
            if (!matches(c, target)) {
                exec(c, "mkdir -p .cache/bitbisect", Duration.ofSeconds(30));
                String temp = target + ".tmp-" + UUID.randomUUID();
                try (SFTPClient sftp = c.newSFTPClient()) {
                    sftp.put(new FileSystemFile(jar.path().toFile()), temp);
                } catch (IOException e) {
                    throw new IOException("cannot upload the writer over SFTP: " + describe(e)
                            + " (is the sftp subsystem enabled in the host's sshd_config?)", e);
                }
                // rename(2) makes the jar appear whole, even with hosts sharing a home directory
                Result moved = exec(c, "mv -f " + ShellQuote.quote(temp) + " " + ShellQuote.quote(target), Duration.ofSeconds(30));
                if (moved.exit() != 0 || !matches(c, target)) {
                    throw new IOException("uploading the writer to " + host.name() + " failed: " + moved.stderr().strip());
                }
            }
            return target;
        }

        private boolean matches(SSHClient c, String path) throws IOException {
            Result sum = exec(c, "sha256sum " + ShellQuote.quote(path) + " 2>/dev/null", Duration.ofSeconds(60));
            return sum.exit() == 0 && sum.stdout().startsWith(jar.sha256());
        }

        synchronized void reset() {
            if (client != null) {
                closeQuietly(client);
                client = null;
            }
            hops.forEach(SshExecutor::closeQuietly);
            hops.clear();
        }
    }

    /**
     * Connects and logs in to {@code ssh}: directly, or through its jump host (connected first,
     * recursively, and kept in {@code hops} to be closed with it). Host keys are checked at
     * every hop. Every client is added to {@code opening} as soon as it exists, so that a
     * deadline can close it mid-connect. A host that answers but will not have us (its key, the
     * login) throws {@link Refused}.
     */
    private SSHClient open(Matrix.Ssh ssh, List<SSHClient> hops, List<SSHClient> opening) throws IOException {
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
                SSHClient jump = open(ssh.jump(), hops, opening);
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
            c.authPublickey(ssh.user(), c.loadKeys(ssh.identity().toString(), passphrases.forKey(ssh.identity())));
        } catch (IOException e) {
            closeQuietly(c);
            // A refused key is the host's answer; a transport failure here is the host not answering.
            boolean refused = e instanceof net.schmizz.sshj.userauth.UserAuthException
                    || e instanceof java.io.FileNotFoundException;
            String why = "cannot log in to " + ssh.address() + " as " + ssh.user() + " with "
                    + ssh.identity() + ": " + describe(e) + (System.getenv(PASSPHRASE_ENV) == null
                    ? " (a key with a passphrase takes it from $" + PASSPHRASE_ENV + ", or from a prompt on a terminal)"
                    : "");
            throw refused ? new Refused(why, e) : new IOException(why, e);
        }
        return c;
    }

    private Remote remote(Matrix.Host host) {
        return remotes.computeIfAbsent(host.name(), n -> new Remote(host));
    }

    @Override
    public String writerJar(Matrix.Host host) throws IOException {
        return remote(host).deployedJar();
    }

    @Override
    public Outcome exec(Matrix.Host host, List<String> argv, Duration timeout, Consumer<String> stdout,
                        Consumer<String> stderr) {
        Remote remote = remote(host);
        SSHClient c;
        try {
            c = remote.client();
        } catch (Refused e) {
            return new Outcome.Refused(host.name() + ": " + e.getMessage());
        } catch (IOException e) {
            return new Outcome.Unreachable(host.name() + ": " + e.getMessage());
        }
        List<String> wrapped = new ArrayList<>(List.of("timeout", "-k", "5", Math.max(1, timeout.toSeconds()) + "s"));
        wrapped.addAll(argv);
        // The shell names its pid, which exec hands to timeout(1), which leads a process group of
        // that id with the writer: a writer that outlives SIGKILL can then be found and described.
        AtomicLong remotePid = new AtomicLong(-1);
        Consumer<String> stderrLines = line -> {
            if (remotePid.get() < 0 && line.startsWith(PID_MARK)) {
                remotePid.set(Long.parseLong(line.substring(PID_MARK.length()).strip()));
            } else {
                stderr.accept(line);
            }
        };
        Session session = null;
        long started = System.nanoTime();
        try {
            session = c.startSession();
            Session.Command cmd = session.exec("echo " + PID_MARK + "$$ >&2; exec " + ShellQuote.command(wrapped));
            Thread out = LinePump.start(cmd.getInputStream(), stdout, "ssh-stdout");
            Thread err = LinePump.start(cmd.getErrorStream(), stderrLines, "ssh-stderr");
            boolean closed = ended(cmd, timeout.plus(CLIENT_GRACE));
            if (closed) {
                out.join(10_000);
                err.join(10_000);
            } else {
                // The channel closes when the last process holding its pipes ends; closing it now
                // would only wait for that.
                session = null;
            }
            Integer status = cmd.getExitStatus();
            Signal signal = cmd.getExitSignal();
            if (closed && status == null && signal == null) {
                remote.reset();
                return new Outcome.Unreachable(host.name() + ": the connection dropped while the command ran");
            }
            if (closed && status != null && status == 124) {
                return new Outcome.TimedOut(null); // timeout(1) stopped the writer with TERM
            }
            // timeout(1) sends its KILL to its whole process group, itself included: it dies of
            // KILL. Then, or with the channel still open long after, the writer may have outlived
            // it. A KILL before the timeout came from elsewhere (the OOM killer): the writer ended.
            boolean killedAtTimeout = (signal == Signal.KILL || (status != null && status == 137))
                    && System.nanoTime() - started >= timeout.toNanos();
            if (!closed || killedAtTimeout) {
                return new Outcome.TimedOut(survivors(host, c, remotePid.get()));
            }
            return new Outcome.Exited(status != null ? status : 128 + SIGNAL_NUMBERS.getOrDefault(signal, 0));
        } catch (IOException e) {
            remote.reset();
            session = null;
            return new Outcome.Unreachable(host.name() + ": connection lost: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.NotStarted("interrupted");
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (IOException ignored) {
                    // the channel is done with either way
                }
            }
        }
    }

    /**
     * What still runs on the host in the process group of the wrapper {@code pid} (timeout(1)
     * leads its own group), two seconds after its SIGKILL, asked over a new session: a note for the
     * hung run, or null when nothing is left. A host that does not answer throws.
     */
    private static String survivors(Matrix.Host host, SSHClient c, long pid) throws IOException, InterruptedException {
        if (pid < 0) {
            return "the command outlived its timeout on " + host.name() + " (its process id never arrived)";
        }
        List<String> left = List.of();
        for (int look = 0; look < 3; look++) {
            // Per thread: a JVM killed in uninterruptible I/O is a zombie leader with one thread in D.
            Result ps = exec(c, "ps -eLo pgid=,pid=,stat=,wchan:32=,comm=", Duration.ofSeconds(30));
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

    /** Whether the command ended within {@code limit}; a dropped connection throws. */
    private static boolean ended(Session.Command cmd, Duration limit) throws ConnectionException {
        try {
            cmd.join(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ConnectionException e) {
            if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
                return false;
            }
            throw e;
        }
    }

    private static Result exec(SSHClient c, String command, Duration limit) throws IOException {
        try (Session session = c.startSession()) {
            Session.Command cmd = session.exec(command);
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            Thread o = LinePump.start(cmd.getInputStream(), line -> out.append(line).append('\n'), "ssh-exec-out");
            Thread e = LinePump.start(cmd.getErrorStream(), line -> err.append(line).append('\n'), "ssh-exec-err");
            if (!ended(cmd, limit)) {
                throw new IOException("'" + command + "' did not finish within " + limit.toSeconds() + " s");
            }
            o.join(5_000);
            e.join(5_000);
            Integer status = cmd.getExitStatus();
            if (status == null) {
                throw new IOException("the connection dropped while '" + command + "' ran");
            }
            return new Result(status, out.toString(), err.toString());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }


    private static String describe(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private static void closeQuietly(SSHClient c) {
        try {
            c.disconnect();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        remotes.values().forEach(Remote::reset);
    }
}
