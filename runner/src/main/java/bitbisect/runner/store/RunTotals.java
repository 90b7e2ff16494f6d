package bitbisect.runner.store;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * Runs added up: the one place where run summaries are summed (a cell's runs, a sweep's, a
 * rerun's cell so far). Evidence counts what {@link RunSummary#countsAsEvidence} lets count: clean
 * and corrupt runs, and what an error or hung run verified before it failed; a run that never ran,
 * was unreachable or whose output cannot be believed adds nothing, so it never counts as clean.
 */
public record RunTotals(int runs, Map<RunStatus, Long> runsByStatus, long iterations, long corruptIterations,
                        long corruptWords, long bytesWritten, long bytesVerified, long evidenceIterations,
                        long evidenceCorruptIterations, long evidenceCorruptWords, long evidenceBytesVerified) {

    public static RunTotals of(Collection<RunSummary> summaries) {
        Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
        long iterations = 0, corruptIterations = 0, words = 0, written = 0, verified = 0, evidence = 0, evidenceCorrupt = 0;
        long evidenceWords = 0, evidenceVerified = 0;
        for (RunSummary r : summaries) {
            byStatus.merge(r.status(), 1L, Long::sum);
            iterations += r.iterations();
            corruptIterations += r.corruptIterations();
            words += r.corruptWords();
            written += r.bytesWritten();
            verified += r.bytesVerified();
            if (r.countsAsEvidence()) {
                evidence += r.iterations();
                evidenceCorrupt += r.corruptIterations();
                evidenceWords += r.corruptWords();
                evidenceVerified += r.bytesVerified();
            }
        }
        return new RunTotals(summaries.size(), byStatus, iterations, corruptIterations, words, written, verified,
                evidence, evidenceCorrupt, evidenceWords, evidenceVerified);
    }

    /** Runs that ended with {@code status}. */
    public long runs(RunStatus status) {
        return runsByStatus.getOrDefault(status, 0L);
    }

    /** Runs that ended neither clean nor corrupt. */
    public long inconclusiveRuns() {
        return runs - runs(RunStatus.CLEAN) - runs(RunStatus.CORRUPT);
    }
}
