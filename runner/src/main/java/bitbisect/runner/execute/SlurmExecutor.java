package bitbisect.runner.execute;

import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.probe.WriterJar;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs commands on Slurm nodes. Each node is held by one batch job of this sweep (sbatch
 * {@code --nodelist=NODE}, a script that only waits), and every command is a step of that job
 * ({@code srun --jobid=JOB --overlap}) whose output streams back here as it would over SSH. So a
 * node costs one submission however many cells it runs, the writer is broadcast to it once
 * (sbcast), and the store, the live view, remote read-back and bisect work as for every host.
 *
 * <p>Waiting in the queue happens in {@link #prepare}, before a run starts, so it is never run
 * time. A job that ends under a run (TIMEOUT, NODE_FAIL, CANCELLED, PREEMPTED) makes that run
 * unreachable, and the node is asked for again by the next run. Jobs are written down in the
 * sweep's {@link JobBook}: a coordinator started after a crash adopts those still alive (after
 * cancelling the steps the dead coordinator left) and cancels, when it closes, those it did not
 * need. Closing, and Ctrl-C, cancel every job held.
 */
public final class SlurmExecutor implements Executor {

    private static final Duration POLL = Duration.ofMillis(500);
    /** How long srun may take beyond the node-side time limit before it is killed here. */
    private static final Duration STEP_GRACE = Duration.ofSeconds(15);
    /** srun's own echo of a task's non-zero exit: the exit code says it already. */
    private static final Pattern TASK_EXIT = Pattern.compile("srun: error: \\S+: task \\d+: Exited with exit code \\d+");

    /**
     * The job's batch script: it only holds the node until cancelled, then removes the writer
     * broadcast to the node for this job ({@link WriterJar#stagedPath}), and its class-data archive.
     */
    static final String HOLDER = """
            #!/bin/sh
            # bitbisect: holds this node for a sweep; its runs arrive as steps (srun --jobid).
            trap 'rm -f /tmp/bitbisect-writer-*-"$SLURM_JOB_ID".jar /tmp/bitbisect-writer-*-"$SLURM_JOB_ID"-*.jsa; exit 0' TERM INT
            sleep 2147483647 &
            wait
            """;

    private final SlurmClient client = new SlurmClient();
    private final JobStates queue = new JobStates(client);
    private final LocalExecutor local;
    private final WriterJar jar;
    private final String jobName;
    private final JobBook book;
    private final Map<String, String> earlier;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Jobs submitted or adopted and not yet running, by host: closing cancels them too. */
    private final Map<String, String> queued = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread cancelAtExit = new Thread(() -> cancelAll("the command was stopped (Ctrl-C or a signal)"),
            "slurm-cancel");
    private volatile QueueWatch watch = (host, why) -> { };
    /** The steps running now, each by its host: what a stop ends. */
    private final Map<Object, String> steps = new ConcurrentHashMap<>();

    /** The job holding a host's node, and where the writer was broadcast to (null until it was). */
    private record Held(String job, String node, String jar) {
    }

    /**
     * @param jobName the name of every job (the sweep's), so that {@code scancel --name} finds them
     * @param book    where jobs are written down, and those an earlier coordinator left
     */
    public SlurmExecutor(WriterJar jar, String jobName, JobBook book) {
        this.local = new LocalExecutor(jar);
        this.jar = jar;
        this.jobName = jobName;
        this.book = book;
        this.earlier = new ConcurrentHashMap<>(book.held());
        Runtime.getRuntime().addShutdownHook(cancelAtExit);
    }

    @Override
    public void watch(QueueWatch watch) {
        this.watch = watch;
    }

    /** Each node from one {@code scontrol show node}: missing from the cluster, or its labels from its features. */
    @Override
    public Map<String, Listing> listings(List<Matrix.Host> hosts) {
        Map<String, Listing> out = new LinkedHashMap<>();
        Map<String, SlurmClient.Node> nodes;
        try {
            nodes = client.nodes();
        } catch (IOException e) {
            hosts.forEach(h -> out.put(h.name(), new Listing("cannot ask Slurm for its nodes (SLURM_CONF names the"
                    + " cluster's slurm.conf when it is not installed here): " + e.getMessage(), Map.of())));
            return out;
        }
        for (Matrix.Host h : hosts) {
            SlurmClient.Node n = nodes.get(h.slurm().node());
            out.put(h.name(), n == null
                    ? new Listing("Slurm has no node " + h.slurm().node() + " (sinfo -N lists the nodes)", Map.of())
                    : new Listing(null, n.labels(h.labels().keySet())));
        }
        return out;
    }

    @Override
    public Outcome prepare(Matrix.Host host) {
        try {
            hold(host);
            return null;
        } catch (IOException e) {
            return new Outcome.Unreachable(host.name() + ": " + e.getMessage());
        }
    }

    @Override
    public Outcome exec(Matrix.Host host, List<String> argv, Duration timeout, Consumer<String> stdout,
                        Consumer<String> stderr) {
        Held h;
        try {
            h = hold(host);
        } catch (IOException e) {
            return new Outcome.Unreachable(host.name() + ": " + e.getMessage());
        }
        List<String> step = new ArrayList<>(List.of("srun", "--jobid=" + h.job(), "--nodelist=" + h.node(),
                "--nodes=1", "--ntasks=1", "--overlap", "--quiet", "--"));
        step.addAll(TimeoutWrapper.around(timeout, argv));
        AtomicReference<String> slurmSaid = new AtomicReference<>();
        long started = System.nanoTime();
        Object running = new Object();
        steps.put(running, host.name());
        Outcome outcome;
        try {
            outcome = local.exec(host, step, timeout.plus(STEP_GRACE), stdout, line -> {
                if (TASK_EXIT.matcher(line).matches()) {
                    return;
                }
                if (line.startsWith("srun: ") || line.startsWith("slurmstepd")) {
                    slurmSaid.compareAndSet(null, line);
                }
                stderr.accept(line);
            });
        } finally {
            steps.remove(running);
        }
        if (local.stopping()) {
            return outcome; // ended by a stop: not recorded, and no job to ask about
        }
        String said = slurmSaid.get();
        boolean clean = outcome instanceof Outcome.Exited e && e.code() == 0 && said == null;
        if (!clean) {
            // srun exits 0 after "Node failure on n2": whenever Slurm spoke or the step failed, ask what became of the job.
            String lost = lostJob(host, h, said != null && said.contains("Unable to create step") ? said : null);
            if (lost != null) {
                return new Outcome.Unreachable(lost);
            }
        }
        if (outcome instanceof Outcome.Exited e && (TimeoutWrapper.terminated(e.code())
                || TimeoutWrapper.killedAtLimit(e.code(), false, System.nanoTime() - started, timeout))) {
            return new Outcome.TimedOut(null); // timeout(1) on the node stopped the command
        }
        return outcome;
    }

    /**
     * A message for the run when the job holding its node ended under it (the node is then asked
     * for again), or when Slurm refused to start the step ({@code refused}: srun's words); else null.
     */
    private String lostJob(Matrix.Host host, Held h, String refused) {
        SlurmClient.Job job;
        try {
            job = settled(h.job());
            // A job past its time limit refuses new steps until slurmctld's periodic check (up to
            // half a minute) ends it as TIMEOUT: wait for that, so the run says what happened.
            for (int i = 0; refused != null && i < 90 && job != null && job.running(); i++) {
                pause();
                job = settled(h.job());
            }
        } catch (IOException e) {
            return refused == null ? null : host.name() + ": " + refused; // slurmctld did not answer
        }
        if (job != null && job.running()) {
            return refused == null ? null : host.name() + ": " + refused;
        }
        String state = job == null ? "ended" : job.state();
        if (held.remove(host.name(), h)) {
            book.released(host.name(), h.job(), state);
        }
        return host.name() + ": " + (job == null ? "slurm job " + h.job() + " ended" : job.describe())
                + " while this ran; the next run asks for the node again";
    }

    /** The job once it is no longer COMPLETING (a few seconds at most), so its final state is known. */
    private SlurmClient.Job settled(String id) throws IOException {
        SlurmClient.Job job = client.job(id);
        for (int i = 0; i < 40 && job != null && job.ending(); i++) {
            pause();
            job = client.job(id);
        }
        return job;
    }

    @Override
    public String writerJar(Matrix.Host host) throws IOException {
        synchronized (lock(host)) {
            Held h = hold(host);
            if (h.jar() == null) {
                String destination = jar.stagedPath(h.job());
                client.broadcast(h.job(), jar.path(), destination);
                h = new Held(h.job(), h.node(), destination);
                held.put(host.name(), h);
            }
            return h.jar();
        }
    }

    /** The job holding the host's node, running: adopted, held already, or submitted and waited for. */
    private Held hold(Matrix.Host host) throws IOException {
        synchronized (lock(host)) {
            Held h = held.get(host.name());
            if (h != null) {
                return h;
            }
            String node = host.slurm().node();
            String job = adopt(host);
            if (job == null) {
                SlurmClient.Node n = client.node(node);
                if (n == null) {
                    throw new IOException("Slurm has no node " + node + " (sinfo -N lists the nodes)");
                }
                if (n.unusable() != null) {
                    throw new IOException(n.unusable());
                }
                if (closed.get()) {
                    throw new IOException("not submitted: the command is ending");
                }
                job = client.submit(sbatchFlags(jobName, host.slurm()), HOLDER);
                book.holding(host.name(), job, "submitted");
            }
            queued.put(host.name(), job);
            try {
                waitUntilRunning(host, job);
            } finally {
                queued.remove(host.name());
            }
            h = new Held(job, node, null);
            held.put(host.name(), h);
            return h;
        }
    }

    /** The job an earlier coordinator left holding this host's node, if still alive; its leftover steps cancelled. */
    private String adopt(Matrix.Host host) throws IOException {
        String job = earlier.remove(host.name());
        if (job == null) {
            return null;
        }
        SlurmClient.Job j = client.job(job);
        if (j == null || !(j.running() || j.waiting())) {
            book.released(host.name(), job, j == null ? "ended" : j.state());
            return null;
        }
        for (String step : client.steps(job)) {
            client.cancel(step); // a writer the dead coordinator started: its run is done again
        }
        book.holding(host.name(), job, "adopted");
        return job;
    }

    private void waitUntilRunning(Matrix.Host host, String id) throws IOException {
        try {
            while (true) {
                SlurmClient.Job job = queue.state(id);
                if (job != null && job.running()) {
                    return;
                }
                if (job == null || !job.waiting()) {
                    book.released(host.name(), id, job == null ? "ended" : job.state());
                    throw new IOException((job == null ? "slurm job " + id + " ended" : job.describe())
                            + " before it started");
                }
                watch.waiting(host.name(), job.describe());
                if (closed.get()) {
                    throw new IOException("stopped while " + job.describe());
                }
                pause();
            }
        } finally {
            queue.forget(id);
            watch.waiting(host.name(), null);
        }
    }

    /** The sbatch flags for one node's job: the node alone unless the site's flags say otherwise. */
    static List<String> sbatchFlags(String jobName, Matrix.Slurm slurm) {
        List<String> flags = new ArrayList<>(List.of("--job-name=" + jobName, "--nodelist=" + slurm.node(),
                "--nodes=1", "--ntasks=1", "--no-requeue", "--output=/dev/null"));
        boolean sharing = slurm.extra().stream().anyMatch(f -> f.startsWith("--exclusive") || f.equals("--oversubscribe")
                || f.equals("-s"));
        if (!sharing) {
            flags.add("--exclusive"); // another job's I/O on the node would blur what the writer measures
        }
        if (slurm.partition() != null) {
            flags.add("--partition=" + slurm.partition());
        }
        if (slurm.account() != null) {
            flags.add("--account=" + slurm.account());
        }
        if (slurm.qos() != null) {
            flags.add("--qos=" + slurm.qos());
        }
        if (slurm.time() != null) {
            long s = Math.max(60, slurm.time().toSeconds());
            flags.add(String.format("--time=%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60));
        }
        flags.addAll(slurm.extra());
        return flags;
    }

    private Object lock(Matrix.Host host) {
        return locks.computeIfAbsent(host.name(), k -> new Object());
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void release(Matrix.Host host) {
        synchronized (lock(host)) {
            Held h = held.remove(host.name());
            if (h != null) {
                cancel(host.name(), h.job(), true, "ended: the host has nothing to run now");
            }
        }
    }

    /**
     * Ends every job held (Slurm ends their steps, the writers in them, on the nodes), then the
     * srun processes here; the jobs' writer copies go with their holder script. After that no
     * node runs anything of this command, and closing has nothing left to cancel.
     */
    @Override
    public Stopped stopAll(Duration bound) {
        List<String> hosts = List.copyOf(steps.values());
        List<String> jobs = held.values().stream().map(Held::job).toList();
        cancelAll("the command was stopped (Ctrl-C or a signal)");
        local.stopAll(bound);
        // A job is done once Slurm has ended its steps on the node (COMPLETING until then).
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            for (String job : jobs) {
                SlurmClient.Job j = client.job(job);
                while (j != null && (j.running() || j.ending()) && System.nanoTime() < deadline) {
                    pause();
                    j = client.job(job);
                }
            }
        } catch (IOException e) {
            // slurmctld does not answer: the jobs were signalled, and Slurm ends them without us
        }
        return new Stopped(hosts.size(), (int) hosts.stream().distinct().count());
    }

    @Override
    public boolean stopping() {
        return local.stopping();
    }

    /** Cancels every job held, and those an earlier coordinator left that this one did not adopt. */
    private void cancelAll(String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // A held job ends as COMPLETED (its script exits on TERM), so site accounting shows no failure.
        held.forEach((host, h) -> cancel(host, h.job(), true, "ended: " + why));
        held.clear();
        queued.forEach((host, job) -> cancel(host, job, false, "cancelled while queued: the command ended"));
        queued.clear();
        earlier.forEach((host, job) -> cancel(host, job, false, "cancelled: left by an earlier command, not needed"));
        earlier.clear();
    }

    private void cancel(String host, String job, boolean running, String why) {
        try {
            if (running) {
                client.end(job);
            } else {
                client.cancel(job);
            }
            book.released(host, job, why);
        } catch (IOException | RuntimeException e) {
            System.err.println("bitbisect: could not cancel slurm job " + job + " (" + e.getMessage()
                    + "); scancel " + job + " ends it");
        }
    }

    @Override
    public void close() {
        cancelAll("the command is done");
        try {
            Runtime.getRuntime().removeShutdownHook(cancelAtExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run.
        }
    }
}
