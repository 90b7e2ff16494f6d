package bitbisect.runner.execute;

import bitbisect.runner.matrix.Matrix;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Sends each host's work to the right executor: this machine for hosts without ssh, SSH otherwise. */
public final class FleetExecutor implements Executor {

    private final LocalExecutor local;
    private final SshExecutor ssh;

    public FleetExecutor(WriterJar jar, boolean acceptNewHostKeys) {
        this.local = new LocalExecutor(jar);
        this.ssh = new SshExecutor(jar, acceptNewHostKeys);
    }

    private Executor of(Matrix.Host host) {
        return host.ssh() == null ? local : ssh;
    }

    @Override
    public Outcome exec(Matrix.Host host, List<String> argv, Duration timeout, Consumer<String> stdout,
                        Consumer<String> stderr) {
        return of(host).exec(host, argv, timeout, stdout, stderr);
    }

    @Override
    public String writerJar(Matrix.Host host) throws java.io.IOException {
        return of(host).writerJar(host);
    }

    @Override
    public void close() {
        local.close();
        ssh.close();
    }
}
