package bitbisect.runner.execute;

import java.util.Map;

/**
 * Where a sweep writes down the Slurm jobs that hold its nodes, before it relies on them, so
 * that a coordinator started after a crash (kill -9) finds and adopts them.
 */
public interface JobBook {

    /** The job each host held when last written down, for hosts whose job was not released. */
    Map<String, String> held();

    /** {@code job} now holds {@code host}'s node: submitted by this coordinator, or adopted. */
    void holding(String host, String job, String how);

    /** {@code job} no longer holds {@code host}'s node, and why (cancelled at the end, TIMEOUT...). */
    void released(String host, String job, String why);

    /** For commands without a sweep (check): jobs live only as long as the command. */
    JobBook NONE = new JobBook() {
        @Override
        public Map<String, String> held() {
            return Map.of();
        }

        @Override
        public void holding(String host, String job, String how) {
        }

        @Override
        public void released(String host, String job, String why) {
        }
    };
}
