package bitbisect.runner.execute;

import bitbisect.runner.matrix.Matrix;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs the writer on a host. The scheduler hands each executor the same calls; where and how
 * the process runs (a child process here, a remote command over SSH) is the executor's business.
 */
public interface Executor extends AutoCloseable {

    /**
     * Creates {@code directory} on {@code host} if needed, then runs {@code call} there, handing
     * every line of stdout and stderr to the consumers as it arrives. A process still running
     * after {@code timeout} is killed with its whole process tree and reported as timed out.
     */
    Outcome run(Matrix.Host host, String directory, WriterCall call, Duration timeout, Consumer<String> stdout,
                Consumer<String> stderr);

    @Override
    void close();
}
