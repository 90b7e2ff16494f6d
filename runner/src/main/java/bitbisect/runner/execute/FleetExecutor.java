package bitbisect.runner.execute;

import bitbisect.runner.matrix.Matrix;
import java.time.Duration;
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
    public Outcome run(Matrix.Host host, String directory, WriterCall call, Duration timeout, Consumer<String> stdout,
                       Consumer<String> stderr) {
        return of(host).run(host, directory, call, timeout, stdout, stderr);
    }

    @Override
    public void close() {
        local.close();
        ssh.close();
    }
}
