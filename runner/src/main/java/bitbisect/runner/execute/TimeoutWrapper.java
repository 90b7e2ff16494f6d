package bitbisect.runner.execute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code timeout(1)} wrapper around every writer, on every kind of host: the limit holds on
 * the host itself even when this coordinator, its SSH connection or its srun is gone. TERM at
 * the limit, KILL five seconds later if the command is still there.
 */
final class TimeoutWrapper {

    /** timeout(1)'s exit code when it stopped the command with TERM. */
    private static final int TERMINATED = 124;
    /** 128 + SIGKILL: timeout(1) sends its KILL to its whole process group, itself included. */
    private static final int KILLED = 137;

    private TimeoutWrapper() {
    }

    /** {@code timeout -k 5 Ns ARGV...}: {@code argv} stopped after {@code limit} (whole seconds, at least one). */
    static List<String> around(Duration limit, List<String> argv) {
        List<String> command = new ArrayList<>(List.of("timeout", "-k", "5", Math.max(1, limit.toSeconds()) + "s"));
        command.addAll(argv);
        return command;
    }

    /** Whether timeout(1) stopped the command at its limit with TERM. */
    static boolean terminated(int exitCode) {
        return exitCode == TERMINATED;
    }

    /**
     * Whether a command that died of KILL ({@code exitCode} 137, or the signal itself) was killed
     * at the limit: a KILL before the limit came from elsewhere (the OOM killer), and the command
     * simply ended.
     */
    static boolean killedAtLimit(Integer exitCode, boolean killSignal, long elapsedNanos, Duration limit) {
        return (killSignal || (exitCode != null && exitCode == KILLED)) && elapsedNanos >= limit.toNanos();
    }
}
