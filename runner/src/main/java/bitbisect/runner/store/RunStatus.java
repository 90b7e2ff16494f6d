package bitbisect.runner.store;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How one run of a cell ended. Only {@code CLEAN} runs count as clean evidence and only
 * {@code CORRUPT} runs as corruption; the others are neither.
 */
public enum RunStatus {
    /** The writer verified every word of every iteration and found none wrong. */
    @JsonProperty("clean") CLEAN,
    /** At least one wrong word or a size mismatch. */
    @JsonProperty("corrupt") CORRUPT,
    /** The writer reported an I/O error, or failed to start, or ended without its end event. */
    @JsonProperty("error") ERROR,
    /** Killed after the cell timeout, with its whole process tree. */
    @JsonProperty("hung") HUNG,
    /** The host could not be reached to run it. */
    @JsonProperty("unreachable") UNREACHABLE;

    /** Whether a run that ended so is evidence: only clean and corrupt runs say anything about corruption. */
    public boolean isEvidence() {
        return this == CLEAN || this == CORRUPT;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
