package bitbisect.runner.matrix;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated experiment: hosts, axes, JVM variants, work per cell, how to run, and the cells
 * that result. Built only by {@link MatrixLoader}, so every value in it has been checked.
 *
 * @param axes  in cube order: host, then the host label axes (model, kernel, ...), then storage,
 *              sync, size, readback, variant, pattern
 * @param cells every combination that runs, after include and exclude, in axis order
 */
public record Matrix(
        String name,
        List<Host> hosts,
        List<String> sharedStorage,
        List<Axis> axes,
        Map<String, Variant> variants,
        Work work,
        RunPolicy run,
        List<Cell> cells) {

    /** The fixed axes after host and its labels, in coordinate order. */
    public static final List<String> FIXED_AXES = java.util.Arrays.stream(FixedAxis.values())
            .filter(a -> a != FixedAxis.HOST).map(FixedAxis::key).toList();

    /**
     * A machine to run on: reached over SSH ({@code ssh}), through Slurm ({@code slurm}), or this
     * machine (both null). {@code java} is null for "java" on its PATH.
     */
    public record Host(String name, Ssh ssh, Slurm slurm, Map<String, String> labels, Map<String, String> storage,
                       String java) {
    }

    /**
     * A Slurm node and how to ask for it: {@code partition}, {@code account} and {@code qos} are
     * null for the site's defaults, {@code time} null for the partition's default time limit,
     * {@code extra} further sbatch flags passed as given.
     */
    public record Slurm(String node, String partition, String account, String qos, Duration time, List<String> extra) {
    }

    /**
     * How to reach a host: address, port, user, the private key files offered in turn, the
     * known_hosts file its key is checked against, and the host to hop through first (null:
     * connect directly).
     */
    public record Ssh(String address, int port, String user, List<java.nio.file.Path> identities,
                      java.nio.file.Path knownHosts, Ssh jump) {
    }

    /** One factor and its values, in the order given. */
    public record Axis(String name, List<String> values) {
    }

    /** A JVM build environment. {@code java} null means the host's java. */
    public record Variant(String name, String java, List<String> flags) {
    }

    /**
     * Work per run of a cell: a number of iterations or a duration; {@code replicates} runs per
     * cell; {@code keepCorrupt} corrupt files kept per cell over all its runs.
     */
    public record Work(Long iterations, Duration duration, long block, int replicates, int maxEvents, int keepCorrupt) {

        /**
         * Corrupt files kept per cell by default: one to look at (hexdump, filefrag, the
         * server's copy) and one to compare it with. The events already hold every damaged
         * word; more whole files only fill the host's disk (a lab host's filled up and its
         * later runs failed with ENOSPC).
         */
        public static final int KEEP_CORRUPT = 2;
    }

    /**
     * How the sweep runs: the seed of the random run order, cells per host at a time, hosts in
     * parallel, the time after which a run is killed and recorded as hung, and the writer's stall
     * threshold.
     */
    public record RunPolicy(long seed, int perHost, int parallelHosts, Duration timeout,
                            Duration stall) {
    }

    /**
     * The host that reads back a cell's file when its readback is {@code remote} (the next host,
     * in matrix order, that has the cell's storage) or {@code remote:HOST}; null for local
     * read-back modes.
     */
    public Host verifier(Cell cell) {
        if (!(cell.readbackChoice() instanceof CellReadback.Remote remote)) {
            return null;
        }
        if (remote.host() != null) {
            return host(remote.host()).orElseThrow();
        }
        List<Host> withStorage = hosts.stream().filter(h -> h.storage().containsKey(cell.storage())).toList();
        int at = withStorage.indexOf(host(cell.host()).orElseThrow());
        return withStorage.get((at + 1) % withStorage.size());
    }

    /** The host that reads the cell's file back and verifies it: another host for remote read-back, else its own. */
    public Host reader(Cell cell) {
        Host verifier = verifier(cell);
        return verifier != null ? verifier : host(cell.host()).orElseThrow();
    }

    /** Whether any cell is read back by another host: then the reader is a factor of its own. */
    public boolean readsBackRemotely() {
        return cells.stream().anyMatch(c -> verifier(c) != null);
    }

    public Optional<Host> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    public Optional<Cell> cell(String id) {
        return cells.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public List<String> axisNames() {
        return axes.stream().map(Axis::name).toList();
    }
}
