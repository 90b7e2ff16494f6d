package bitbisect.runner.store;

import java.util.Locale;

/** What a journal.jsonl line records, as its {@code "what"} field says it. */
public enum JournalEntry {
    /** A run (or a new attempt of it) started on its host. */
    START,
    /** A run ended; {@code detail} is its status. */
    FINISH,
    /** A run was left for later; {@code detail} is the preflight's reason. */
    SKIP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
