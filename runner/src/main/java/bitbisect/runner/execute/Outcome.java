package bitbisect.runner.execute;

/**
 * How a writer process ended as seen from outside: its exit code, or that it ran past the
 * timeout and was killed, or that it could not be started (then {@code failure} says why).
 */
public record Outcome(Integer exitCode, boolean timedOut, String failure) {

    public static Outcome exited(int code) {
        return new Outcome(code, false, null);
    }

    public static Outcome killedAfterTimeout() {
        return new Outcome(null, true, null);
    }

    public static Outcome notStarted(String why) {
        return new Outcome(null, false, why);
    }
}
