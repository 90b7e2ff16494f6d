package bitbisect.runner.store;

/** What the store holds of one planned run. */
public sealed interface RunState {

    /** Nothing: the run has not started. */
    record Absent() implements RunState {
    }

    /** Events without a summary: running now, or cut short by a crash; runs again on resume. */
    record CutShort() implements RunState {
    }

    /** Finished, but its host was not reached: a later sweep tries it again. */
    record Unsettled(RunSummary summary) implements RunState {
    }

    /** Finished and whole: clean, corrupt, error or hung. */
    record Settled(RunSummary summary) implements RunState {
    }

    /** Its files cannot be trusted; never counted, and the next sweep runs it again. */
    record Damaged(Damage damage) implements RunState {
    }
}
