package bitbisect.runner.execute;

import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.probe.ShellQuote;
import bitbisect.runner.probe.WriterJar;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

/**
 * Runs the writer on remote hosts over SSH. One connection per host ({@link SshLogin}: connect,
 * host keys, login, keepalive, all bounded), opened on first use and reused for all its cells;
 * the writer jar is deployed once per host ({@link WriterUpload}). Each run is wrapped in a
 * remote {@code timeout -k}, because OpenSSH ignores signal requests for root sessions and
 * closing the channel alone can leave the writer running; the way the session ends (status,
 * signal, a dropped connection) decides the outcome. If the command still runs well after that
 * wrapper's SIGKILL, {@link Survivors} asks the host what is left: a writer stuck in
 * uninterruptible I/O makes the run hung, with its state; a host that does not answer is
 * unreachable.
 */
public final class SshExecutor implements Executor {

    private static final Duration CLIENT_GRACE = Duration.ofSeconds(20);
    private static final String PID_MARK = "bitbisect-wrapper-pid ";
    /**
     * A remote shell with no locale (sshd passes none unless asked) starts the JVM in ASCII, and
     * its file names cannot hold a path beyond ASCII ("Malformed input or input contains
     * unmappable characters"): then, and only then, the command runs in C.UTF-8. A locale the
     * host sets is left alone.
     */
    private static final String UTF8_NAMES = "[ -n \"$LC_ALL$LC_CTYPE$LANG\" ] || export LC_ALL=C.UTF-8; ";
    /** Linux signal numbers, for an exit status as a shell reports a death by signal (128 + n). */
    private static final Map<Signal, Integer> SIGNAL_NUMBERS = Map.ofEntries(Map.entry(Signal.HUP, 1),
            Map.entry(Signal.INT, 2), Map.entry(Signal.QUIT, 3), Map.entry(Signal.ILL, 4), Map.entry(Signal.ABRT, 6),
            Map.entry(Signal.FPE, 8), Map.entry(Signal.KILL, 9), Map.entry(Signal.USR1, 10), Map.entry(Signal.SEGV, 11),
            Map.entry(Signal.USR2, 12), Map.entry(Signal.PIPE, 13), Map.entry(Signal.ALRM, 14), Map.entry(Signal.TERM, 15));

    private final WriterJar jar;
    private final boolean acceptNewHostKeys;
    private final Map<String, Remote> remotes = new ConcurrentHashMap<>();
    /** The writers running now: each one's host, connection and wrapper pid (its process group; -1 until known). */
    private final java.util.Set<Running> running = ConcurrentHashMap.newKeySet();
    private final Leftovers leftovers = new Leftovers();
    private volatile boolean stopping;

    private record Running(Matrix.Host host, AtomicLong pid) {
    }
    private final SshLogin.Passphrases passphrases = new SshLogin.Passphrases();

    public SshExecutor(WriterJar jar, boolean acceptNewHostKeys) {
        this.jar = jar;
        this.acceptNewHostKeys = acceptNewHostKeys;
    }

    /** A host's connection and deployed jar; connects again after a drop. */
    private final class Remote {
        private final Matrix.Host host;
        private SshLogin.Connection connection;
        private String jarPath;

        Remote(Matrix.Host host) {
            this.host = host;
        }

        synchronized SSHClient client() throws IOException {
            if (connection != null && connection.usable()) {
                return connection.client();
            }
            reset();
            connection = SshLogin.connect(host.ssh(), acceptNewHostKeys, passphrases);
            return connection.client();
        }

        synchronized String deployedJar() throws IOException {
            if (jarPath == null) {
                try {
                    jarPath = WriterUpload.deploy(client(), jar, host.name());
                } catch (IOException e) {
                    reset();
                    throw e;
                }
            }
            return jarPath;
        }

        synchronized void reset() {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
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
        try {
            // Never beside a writer a lost connection left (the sweep ends those before a retry, and says so).
            leftovers.end(host.name(), shell(c)).forEach(said -> stderr.accept("bitbisect: " + said));
        } catch (IOException e) {
            remote.reset();
            return new Outcome.Unreachable(host.name() + ": cannot end the writer a lost connection left: "
                    + SshLogin.describe(e));
        }
        List<String> wrapped = TimeoutWrapper.around(timeout, argv);
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
        Running run = new Running(host, remotePid);
        running.add(run);
        try {
            session = c.startSession();
            Session.Command cmd = session.exec(UTF8_NAMES + "echo " + PID_MARK + "$$ >&2; exec "
                    + ShellQuote.command(wrapped));
            Thread out = LinePump.start(cmd.getInputStream(), stdout, "ssh-stdout");
            Thread err = LinePump.start(cmd.getErrorStream(), stderrLines, "ssh-stderr");
            boolean closed = ShortCommand.ended(cmd, timeout.plus(CLIENT_GRACE));
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
                if (stopping) {
                    return new Outcome.NotStarted("stopped"); // its writer was ended: not recorded, nothing to reset
                }
                remote.reset();
                leftovers.lost(host.name(), remotePid.get(), argv);
                return new Outcome.Unreachable(host.name() + ": the connection dropped while the command ran");
            }
            if (closed && status != null && TimeoutWrapper.terminated(status)) {
                return new Outcome.TimedOut(null); // timeout(1) stopped the writer with TERM
            }
            // timeout(1) dies of its own KILL: then, or with the channel still open long after,
            // the writer may have outlived it.
            boolean killedAtTimeout = TimeoutWrapper.killedAtLimit(status, signal == Signal.KILL,
                    System.nanoTime() - started, timeout);
            if (!closed || killedAtTimeout) {
                return new Outcome.TimedOut(Survivors.after(host, c, remotePid.get()));
            }
            return new Outcome.Exited(status != null ? status : 128 + SIGNAL_NUMBERS.getOrDefault(signal, 0));
        } catch (IOException e) {
            remote.reset();
            session = null;
            leftovers.lost(host.name(), remotePid.get(), argv);
            return new Outcome.Unreachable(host.name() + ": connection lost: " + SshLogin.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.NotStarted("interrupted");
        } finally {
            running.remove(run);
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
     * Ends every running writer over its host's connection: TERM to the wrapper's process group
     * (timeout(1) leads it, the writer in it), and KILL two seconds later from a process of its
     * own on the host, so the connection may go meanwhile; each host at once. Closing the
     * channel would not do: a command without a terminal keeps running when its channel goes.
     */
    @Override
    public Stopped stopAll(Duration bound) {
        stopping = true;
        List<Running> now = List.copyOf(running);
        List<Thread> enders = new ArrayList<>();
        for (Running r : now) {
            Thread t = new Thread(() -> {
                long pid = r.pid().get();
                if (pid <= 0) {
                    return; // not started yet: its wrapper has no pid to end, and the channel's end stops it
                }
                try {
                    // Over the host's connection, or a new one: a coordinator told to stop may find
                    // its connections already closed by then.
                    ShortCommand.exec(remote(r.host()).client(), Leftovers.killGroup("TERM", Long.toString(pid)) + "; setsid sh -c"
                            + " 'sleep 2; " + Leftovers.killGroup("KILL", Long.toString(pid)) + "' </dev/null >/dev/null 2>&1 & true", bound);
                } catch (IOException e) {
                    // the host is gone: timeout(1) still ends the writer at its limit
                }
            }, "stop-" + r.host().name());
            t.setDaemon(true);
            t.start();
            enders.add(t);
        }
        long deadline = System.nanoTime() + bound.toNanos();
        for (Thread t : enders) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Stopped(now.size(), (int) now.stream().map(r -> r.host().name()).distinct().count());
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    /** Short commands over {@code c}, for {@link Leftovers}. */
    private static Leftovers.Shell shell(SSHClient c) {
        return command -> ShortCommand.exec(c, UTF8_NAMES + command, Duration.ofSeconds(30)).stdout();
    }

    @Override
    public List<String> endLeftovers(Matrix.Host host) throws IOException {
        if (!leftovers.any(host.name())) {
            return List.of(); // nothing to end: no connection to open
        }
        Remote remote = remote(host);
        try {
            return leftovers.end(host.name(), shell(remote.client()));
        } catch (IOException e) {
            remote.reset();
            throw e;
        }
    }


    @Override
    public void close() {
        remotes.values().forEach(Remote::reset);
    }
}
