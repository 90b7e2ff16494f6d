package bitbisect.runner.store;

import java.util.List;

/**
 * {@code sweep.json}: what a sweep is, fixed when it starts: the matrix it came from (a copy sits
 * beside it as matrix.yaml), the seed of its run order, the tool versions, and the planned runs
 * in the order they are to start.
 */
public record SweepRecord(
        String id,
        String name,
        String matrixFile,
        String matrixSha256,
        long seed,
        String createdAt,
        String runnerVersion,
        String writerSha256,
        List<PlannedRun> plan) {

    /**
     * What tells this sweep from every other, in each of its run summaries: its id and when it was
     * made ({@code local-b19f0488@2026-12-08T04:16:09.123Z}). The id alone is not enough: the same
     * matrix swept into two results directories gives two sweeps of one id.
     */
    public String identity() {
        return id + "@" + createdAt;
    }

    /** Run number {@code run} (1-based) of cell {@code cell}. */
    public record PlannedRun(String cell, int run) {
    }
}
