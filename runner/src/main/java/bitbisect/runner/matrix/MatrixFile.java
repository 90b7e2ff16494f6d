package bitbisect.runner.matrix;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * matrix.yaml as written, before validation: the records Jackson binds, so an unknown key or a
 * wrong type is reported with its line and column. {@link MatrixLoader} checks the meaning and
 * turns this into a {@link Matrix}. Sizes and durations stay strings here so that their errors
 * can point at the exact value.
 */
record MatrixFile(
        String name,
        @JsonProperty("ssh_config") String sshConfig,
        @JsonProperty("shared_storage") List<String> sharedStorage,
        List<HostEntry> hosts,
        AxesEntry axes,
        Map<String, VariantEntry> variants,
        WorkEntry work,
        RunEntry run,
        List<Map<String, String>> include,
        List<Map<String, String>> exclude) {

    /**
     * One host: how it is named, how to reach it (no ssh block: this machine), its labels (model,
     * kernel...), and per storage kind its directory.
     */
    record HostEntry(String name, SshEntry ssh, SlurmEntry slurm, Map<String, String> labels, Map<String, String> storage, String java) {
    }

    /**
     * How to reach a host over SSH: a block, or just a name ({@code ssh: r630-a}) that
     * ~/.ssh/config (or {@code ssh_config}) resolves.
     */
    record SshEntry(String address, Integer port, String user, String identity,
                    @JsonProperty("known_hosts") String knownHosts,
                    @JsonProperty("proxy_jump") String proxyJump) {

        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        static SshEntry alias(String alias) {
            return new SshEntry(alias, null, null, null, null, null);
        }
    }

    /**
     * A node reached through Slurm ({@code node: n1}), or a fleet of them ({@code nodes: "n[1-64]"},
     * one host per node, named after it), with the job's partition, account, qos, time limit and
     * any further sbatch flags the site needs.
     */
    record SlurmEntry(String node, String nodes, String partition, String account, String qos, String time,
                      List<String> extra) {
    }

    /** The values of each axis. Absent axes take their default (see {@link Matrix}). */
    record AxesEntry(
            List<String> host,
            List<String> storage,
            List<String> sync,
            List<String> size,
            List<String> readback,
            List<String> variant,
            List<String> pattern) {
    }

    /** A JVM build environment: which java, which flags. */
    record VariantEntry(String java, List<String> flags) {
    }

    /** Work per run of a cell. */
    record WorkEntry(Long iterations, String duration, String block, Integer replicates,
                     @JsonProperty("max_events") Integer maxEvents,
                     @JsonProperty("keep_corrupt") Integer keepCorrupt) {
    }

    /** How the sweep runs. */
    record RunEntry(
            Long seed,
            @JsonProperty("per_host") Integer perHost,
            @JsonProperty("parallel_hosts") Integer parallelHosts,
            String timeout,
            String stall) {
    }
}
