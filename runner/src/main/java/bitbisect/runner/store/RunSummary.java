package bitbisect.runner.store;

import java.util.List;

/**
 * The outcome of one run of one cell, written atomically once the run is over: its existence
 * marks the run as done. Counts come from the writer's {@code end} event (or, when there was
 * none, from its iteration events, and then never count as clean).
 *
 * @param attempt    1 unless earlier attempts of this run were cut short (a coordinator crash) or lost (a host unreachable)
 * @param kept       evidence files the writer kept (corrupt iterations)
 * @param lastEvents the last lines of writer output, for hung and failed runs
 * @param details    what the events say beyond the counts; null in summaries of older versions
 * @param sweep      the sweep the run belongs to ({@link SweepRecord#identity}: its id and creation
 *                   time): a cell directory copied or linked from another sweep is then named,
 *                   never counted; null in summaries of older versions
 * @param evidence   whether its iterations count as evidence ({@link #countsAsEvidence}); null in
 *                   summaries of older versions
 */
public record RunSummary(
        String cell,
        int run,
        int attempt,
        String host,
        RunStatus status,
        Integer exitCode,
        long iterations,
        long corruptIterations,
        long corruptWords,
        long bytesWritten,
        long bytesVerified,
        String startedAt,
        double elapsedSeconds,
        List<String> kept,
        String message,
        List<String> lastEvents,
        RunDetails details,
        String sweep,
        Boolean evidence) {

    /**
     * Whether the run's iterations count as evidence, corrupt or clean: those of a clean or corrupt
     * run, and those an error or hung run verified before it failed (its counts are then of its
     * iteration events), since a sick mount often corrupts before it fails; never those of a run
     * whose output cannot be believed, that never started, or whose host was not reached. Older
     * summaries say nothing: then only clean and corrupt runs count, as they did.
     */
    public boolean countsAsEvidence() {
        return evidence != null ? evidence : status.isEvidence();
    }
}
