package bitbisect.runner.bisect;

/**
 * A run a hunt chose: its cell (index into the design), iterations, expected host seconds, the
 * information its outcome is expected to bring (nats; 0 for screening and exploring runs), and why.
 */
public record Pick(int cell, long iterations, double seconds, double nats, String why) {
}
