package bitbisect.runner.execute;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of the jobs waiting in the queue, from one squeue call for all of them at most once
 * per {@link #FRESH}: however many nodes wait, slurmctld answers about one request a second.
 */
final class JobStates {

    static final Duration FRESH = Duration.ofSeconds(1);

    private final SlurmClient client;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private Map<String, SlurmClient.Job> last = Map.of();
    private long readAt;

    JobStates(SlurmClient client) {
        this.client = client;
    }

    /** The job as last seen, refreshed if older than {@link #FRESH}; null when Slurm no longer knows it. */
    synchronized SlurmClient.Job state(String id) throws IOException {
        watched.add(id);
        if (!last.containsKey(id) || System.nanoTime() - readAt > FRESH.toNanos()) {
            last = client.jobs(watched);
            readAt = System.nanoTime();
            if (!last.containsKey(id)) {
                return client.job(id); // squeue forgot it already: ask for its record
            }
        }
        return last.get(id);
    }

    /** Stops watching {@code id} (it runs, or it ended). */
    void forget(String id) {
        watched.remove(id);
    }
}
