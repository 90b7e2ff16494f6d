package bitbisect.runner.execute;

/** Told while a host waits for its node (a Slurm job in the queue): that wait is not run time. */
@FunctionalInterface
public interface QueueWatch {

    /** {@code host} is waiting, and why ("slurm job 17 PENDING (Priority)"); null when it stopped waiting. */
    void waiting(String host, String why);

    /** Tells nobody. */
    QueueWatch QUIET = (host, why) -> { };

    /** One line on {@code out} each time a host's reason for waiting changes (before a live view starts). */
    static QueueWatch lines(java.io.PrintWriter out) {
        java.util.Map<String, String> last = new java.util.concurrent.ConcurrentHashMap<>();
        return (host, why) -> {
            if (why != null && !why.equals(last.put(host, why))) {
                out.println(host + ": waiting for its node: " + why);
                out.flush();
            }
        };
    }
}
