package bitbisect.runner.execute;

import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.probe.WriterCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs commands on a host. The scheduler and the preflight hand every executor the same calls;
 * where and how the process runs (a child process here, a remote command over SSH) is the
 * executor's business. Every command runs under {@code timeout -k}, so nothing outlives its
 * time limit by more than a few seconds even if the coordinator dies.
 */
public interface Executor extends AutoCloseable {

    /**
     * Runs {@code argv} on {@code host}, handing every line of stdout and stderr to the consumers
     * as it arrives. A command still running after {@code timeout} is killed with its whole
     * process tree and reported as timed out.
     */
    Outcome exec(Matrix.Host host, List<String> argv, Duration timeout, Consumer<String> stdout,
                 Consumer<String> stderr);

    /**
     * Makes {@code host} ready to run, waiting as long as that takes (a Slurm node: until its job
     * runs). Null when ready; otherwise the outcome to record for the run that would have started.
     * Called before a run starts, so a wait in a queue is never run time.
     */
    default Outcome prepare(Matrix.Host host) {
        return null;
    }

    /** Lets go of what holds {@code host} for this command (a Slurm node's job): its runs are done. */
    default void release(Matrix.Host host) {
    }

    /** Who to tell while a host waits for its node in a queue (a Slurm job pending). */
    default void watch(QueueWatch watch) {
    }

    /**
     * What the fleet's scheduler says of a host before anything runs: why it does not exist
     * ({@code missing}, null when it does), and the labels it publishes (a Slurm node's features
     * {@code kernel_5.1} or {@code kernel=5.1} say {@code kernel: 5.1}).
     */
    record Listing(String missing, Map<String, String> labels) {
    }

    /** The scheduler's listing of each of {@code hosts} it is asked about (Slurm nodes); none for the others. */
    default Map<String, Listing> listings(List<Matrix.Host> hosts) {
        return Map.of();
    }

    /** Writers ended by {@link #stopAll}: how many, on how many hosts. */
    record Stopped(int runs, int hosts) {
    }

    /**
     * Ends every command this executor has running, on every host, waiting at most
     * {@code bound}; from then on it is stopping ({@link #stopping}). For a coordinator told to
     * stop (SIGINT, SIGTERM): nothing it started may outlive it.
     */
    default Stopped stopAll(Duration bound) {
        return new Stopped(0, 0);
    }

    /** Whether {@link #stopAll} was called: an outcome now is that of a run cut short, not to be recorded. */
    default boolean stopping() {
        return false;
    }

    /**
     * Ends what lost connections left running on {@code host} (a writer goes on when only its
     * connection dropped), so that a retry never runs beside it: one sentence per writer found,
     * none when nothing was left. Throws when the host cannot be reached; what is left is then
     * ended before the next command there.
     */
    default List<String> endLeftovers(Matrix.Host host) throws java.io.IOException {
        return List.of();
    }

    /** Where the writer jar is on {@code host}, deploying it first if needed. */
    String writerJar(Matrix.Host host) throws java.io.IOException;

    /**
     * Creates {@code directory} on {@code host} if needed, then runs the writer there. A host that
     * cannot be reached gives {@link Outcome.Unreachable}, a directory that cannot be made
     * {@link Outcome.NotStarted}.
     */
    default Outcome run(Matrix.Host host, String directory, WriterCall call, Duration timeout,
                        Consumer<String> stdout, Consumer<String> stderr) {
        String jar;
        try {
            jar = writerJar(host);
        } catch (Refused e) {
            return new Outcome.Refused(host.name() + ": " + e.getMessage());
        } catch (java.io.IOException e) {
            return new Outcome.Unreachable(host.name() + ": " + e.getMessage());
        }
        StringBuilder mkdirErrors = new StringBuilder();
        // Bounded by the cell timeout: on a hung mount even mkdir blocks, and the run is then hung.
        Outcome mkdir = exec(host, List.of("mkdir", "-p", "--", directory), timeout, line -> { },
                line -> mkdirErrors.append(line).append(' '));
        if (mkdir instanceof Outcome.Exited e && e.code() != 0) {
            return new Outcome.NotStarted("cannot create " + directory + " on " + host.name() + ": "
                    + mkdirErrors.toString().strip());
        }
        if (!(mkdir instanceof Outcome.Exited)) {
            return mkdir;
        }
        return exec(host, call.command(jar), timeout, stdout, stderr);
    }

    @Override
    void close();
}
