package bitbisect.runner.store;

import java.util.Locale;

/** What a journal.jsonl line records, as its {@code "what"} field says it. */
public enum JournalEntry {
    /** A run (or a new attempt of it) started on its host. */
    START,
    /** A run ended; {@code detail} is its status. */
    FINISH,
    /** A run was left for later; {@code detail} is the preflight's reason. */
    SKIP,
    /** A Slurm job holds the host's node; {@code detail} is the job id, then submitted or adopted. */
    JOB_HELD,
    /** A Slurm job no longer holds the host's node; {@code detail} is the job id, then why. */
    JOB_RELEASED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
