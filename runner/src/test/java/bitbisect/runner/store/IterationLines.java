package bitbisect.runner.store;

/** The writer's iteration lines for a test's events file: a counted iteration always printed one. */
public final class IterationLines {

    private IterationLines() {
    }

    /** {@code n} clean iteration lines of 1 KiB, each ending in a newline. */
    public static String of(long n) {
        StringBuilder s = new StringBuilder();
        for (long i = 1; i <= n; i++) {
            s.append("{\"event\":\"iteration\",\"iteration\":").append(i)
                    .append(",\"bytes\":1024,\"read_ns\":5,\"corrupt_words\":0}\n");
        }
        return s.toString();
    }
}
