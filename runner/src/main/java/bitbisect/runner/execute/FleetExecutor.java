package bitbisect.runner.execute;

import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.probe.WriterJar;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Sends each host's work to the right executor: SSH for hosts with ssh, Slurm for hosts with slurm, else this machine. */
public final class FleetExecutor implements Executor {

    private final LocalExecutor local;
    private final SshExecutor ssh;
    private final SlurmExecutor slurm;

    /**
     * @param jobName the name of the Slurm jobs (the sweep's)
     * @param jobs    where the Slurm jobs are written down
     */
    public FleetExecutor(WriterJar jar, boolean acceptNewHostKeys, String jobName, JobBook jobs) {
        this.local = new LocalExecutor(jar);
        this.ssh = new SshExecutor(jar, acceptNewHostKeys);
        this.slurm = new SlurmExecutor(jar, jobName, jobs);
    }

    private Executor of(Matrix.Host host) {
        return host.ssh() != null ? ssh : host.slurm() != null ? slurm : local;
    }

    @Override
    public void watch(QueueWatch watch) {
        slurm.watch(watch);
    }

    @Override
    public Outcome prepare(Matrix.Host host) {
        return of(host).prepare(host);
    }

    @Override
    public Map<String, Listing> listings(List<Matrix.Host> hosts) {
        List<Matrix.Host> nodes = hosts.stream().filter(h -> h.slurm() != null).toList();
        return nodes.isEmpty() ? Map.of() : slurm.listings(nodes);
    }

    @Override
    public void release(Matrix.Host host) {
        of(host).release(host);
    }

    @Override
    public Outcome exec(Matrix.Host host, List<String> argv, Duration timeout, Consumer<String> stdout,
                        Consumer<String> stderr) {
        return of(host).exec(host, argv, timeout, stdout, stderr);
    }

    @Override
    public List<String> endLeftovers(Matrix.Host host) throws java.io.IOException {
        return of(host).endLeftovers(host);
    }

    @Override
    public String writerJar(Matrix.Host host) throws java.io.IOException {
        return of(host).writerJar(host);
    }

    /** Local, SSH and Slurm hosts at once, each within {@code bound}. */
    @Override
    public Stopped stopAll(Duration bound) {
        java.util.concurrent.CompletableFuture<Stopped> remote = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> ssh.stopAll(bound));
        java.util.concurrent.CompletableFuture<Stopped> nodes = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> slurm.stopAll(bound));
        Stopped here = local.stopAll(bound);
        Stopped there = remote.join();
        Stopped queued = nodes.join();
        return new Stopped(here.runs() + there.runs() + queued.runs(), here.hosts() + there.hosts() + queued.hosts());
    }

    @Override
    public boolean stopping() {
        return local.stopping() || ssh.stopping() || slurm.stopping();
    }

    @Override
    public void close() {
        local.close();
        ssh.close();
        slurm.close();
    }
}
