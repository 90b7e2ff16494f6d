package bitbisect.runner.execute;

/** How a writer process ended, as seen from the coordinator. */
public sealed interface Outcome {

    /** The writer ran and exited with this code. */
    record Exited(int code) implements Outcome {
    }

    /**
     * Still running at the cell timeout; killed with its process tree. {@code note} is set when
     * a process outlived SIGKILL: blocked in uninterruptible I/O (state D), as on a hung hard
     * NFS mount, it ends only when the storage answers.
     */
    record TimedOut(String note) implements Outcome {

        /** The note for processes (pids, and what is known of them) still alive after SIGKILL. */
        public static String outlivedKill(String processes) {
            return processes + " outlived SIGKILL: it is blocked in uninterruptible I/O (a hung mount) and ends"
                    + " when the storage answers";
        }
    }

    /** Could not be started on a reachable host (no java there, bad directory...). */
    record NotStarted(String why) implements Outcome {
    }

    /** The host could not be reached, or the connection dropped while the writer ran. */
    record Unreachable(String why) implements Outcome {
    }

    /**
     * The host answered but refused us (its host key, the login): trying again changes nothing
     * until a person acts. Runs count it as unreachable, so a later sweep tries them again.
     */
    record Refused(String why) implements Outcome {
    }
}
