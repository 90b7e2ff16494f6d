package bitbisect.runner.store;

import java.util.List;
import java.util.Map;

/**
 * A sweep's finished runs as the store holds them: by cell id, in run order (settled runs and
 * unreachable ones, which a later sweep tries again), and the damage found while reading them,
 * which is never counted.
 */
public record Runs(Map<String, List<RunSummary>> byCell, List<Damage> damage) {
}
