package bitbisect.runner.sweep;

import bitbisect.runner.store.RunSummary;

/** What a sweep tells whoever watches it. Called from the host threads. */
public interface SweepProgress {

    void runStarted(String host, String cell, int run);

    void iterationDone(String host, boolean corrupt);

    void runFinished(RunSummary summary);

    /** {@code lost}'s host could not be reached (recorded so): the run is tried again after {@code pause}. */
    default void retrying(RunSummary lost, java.time.Duration pause) {
    }

    /** A run of {@code cell} was not sent to its host, and why (its mount hung): the next sweep runs it. */
    default void runSkipped(String host, String cell, int run, String why) {
    }

    /** Something done on a host that whoever watches should know (a writer a lost connection left, ended). */
    default void note(String what) {
    }

    /** {@code host} waits for its node, and why (a Slurm job pending); null when it stopped waiting. */
    default void waiting(String host, String why) {
    }

    /** Nothing to show, for tests and scripts. */
    SweepProgress SILENT = new SweepProgress() {
        @Override
        public void runStarted(String host, String cell, int run) {
        }

        @Override
        public void iterationDone(String host, boolean corrupt) {
        }

        @Override
        public void runFinished(RunSummary summary) {
        }
    };
}
