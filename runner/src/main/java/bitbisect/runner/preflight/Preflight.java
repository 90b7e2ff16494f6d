package bitbisect.runner.preflight;

import bitbisect.runner.execute.Executor;
import bitbisect.runner.execute.Outcome;
import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.probe.WriterCall;
import bitbisect.writer.event.EventCodec;
import bitbisect.writer.units.ByteSize;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks every host of a matrix before cells run on it, all hosts at once:
 * <ul>
 *   <li>reachable, and which java answers there;</li>
 *   <li>each target directory its cells use can be created and written, and has room for the
 *       largest file (times {@code per_host}); checked in a child process with a time limit, so
 *       a hung NFS mount is reported as hung instead of hanging the coordinator;</li>
 *   <li>the writer's facts agree with the host's labels: a {@code kernel} label must begin the
 *       kernel release ({@code 5.1} matches {@code 5.1.0-32-generic}), a {@code model} label must
 *       appear in the DMI product name ({@code R630} in {@code PowerEdge R630}).</li>
 * </ul>
 */
public final class Preflight {

    /** How long a directory may take to answer before its mount counts as hung. */
    public static final Duration MOUNT_LIMIT = Duration.ofSeconds(10);
    private static final Duration JAVA_LIMIT = Duration.ofSeconds(60);

    // Create, prove writable by creating a file, then report free space: $1 is the directory.
    private static final String PROBE = "mkdir -p -- \"$1\" && f=\"$1/.bitbisect-probe-$$\" && : > \"$f\""
            + " && rm -f -- \"$f\" && df -Pk -- \"$1\" | tail -n 1";

    private final Matrix matrix;
    private final Executor executor;
    private final boolean allowLabelMismatch;

    public Preflight(Matrix matrix, Executor executor, boolean allowLabelMismatch) {
        this.matrix = matrix;
        this.executor = executor;
        this.allowLabelMismatch = allowLabelMismatch;
    }

    /** Checks every host that has cells, in parallel; the results come in host order. */
    public List<HostCheck> checkAll() throws InterruptedException {
        List<Matrix.Host> hosts = matrix.hosts().stream()
                .filter(h -> matrix.cells().stream().anyMatch(c -> c.host().equals(h.name()))).toList();
        // What the scheduler knows first, all at once: a node it lacks, or whose features contradict
        // its labels, is a mistake in the matrix, and nothing runs (no job is even submitted).
        Map<String, Executor.Listing> listings = executor.listings(hosts);
        List<HostCheck> mistakes = new ArrayList<>();
        for (Matrix.Host h : hosts) {
            Executor.Listing listing = listings.getOrDefault(h.name(), new Executor.Listing(null, Map.of()));
            List<String> problems = new ArrayList<>();
            if (listing.missing() != null) {
                problems.add(h.name() + ": " + listing.missing());
            }
            listing.labels().forEach((label, value) -> {
                if (!allowLabelMismatch && !value.equals(h.labels().get(label))) {
                    problems.add(h.name() + " is labelled " + label + " " + h.labels().get(label)
                            + " but its Slurm features say " + label + " " + value + " (fix the label, or pick nodes"
                            + " by feature with extra: [--constraint=" + label + "_" + h.labels().get(label) + "])");
                }
            });
            if (!problems.isEmpty()) {
                mistakes.add(new HostCheck(h.name(), HostCheck.Reach.UNREACHABLE, null, null, null, List.of(), problems,
                        List.of()));
            }
        }
        if (!mistakes.isEmpty()) {
            return mistakes;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(hosts.size(), matrix.run().parallelHosts())));
        try {
            List<Future<HostCheck>> futures = new ArrayList<>();
            for (Matrix.Host h : hosts) {
                futures.add(pool.submit(() -> {
                    HostCheck c = check(h);
                    if (hosts.size() > matrix.run().parallelHosts()) {
                        // Not every host runs at once: a Slurm node is let go until its turn.
                        executor.release(h);
                    }
                    return c;
                }));
            }
            List<HostCheck> out = new ArrayList<>();
            for (Future<HostCheck> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("preflight failed", e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    HostCheck check(Matrix.Host host) {
        List<String> problems = new ArrayList<>();
        List<String> skips = new ArrayList<>();
        String javaCommand = host.java() != null ? host.java() : "java";
        Captured version = run(host, List.of(javaCommand, "-version"), JAVA_LIMIT);
        if (version.outcome() instanceof Outcome.Unreachable u) {
            skips.add(u.why());
            return new HostCheck(host.name(), HostCheck.Reach.UNREACHABLE, null, null, null, List.of(), List.of(), skips);
        }
        if (version.outcome() instanceof Outcome.Refused r) {
            skips.add(r.why());
            return new HostCheck(host.name(), HostCheck.Reach.REFUSED, null, null, null, List.of(), List.of(), skips);
        }
        String java = null;
        if (version.exitedWith(0)) {
            java = version.stderr().lines().findFirst().orElse("?").replaceAll(".*version \"([^\"]+)\".*", "$1");
        } else {
            skips.add(host.name() + ": " + javaCommand + " does not run there (" + version.describe() + ")");
        }

        List<HostCheck.StorageCheck> storages = new ArrayList<>();
        for (String storage : storagesUsedOn(host)) {
            storages.add(checkDirectory(host, storage, host.storage().get(storage)));
        }

        String kernel = null;
        String model = null;
        if (java != null) {
            try {
                String jar = executor.writerJar(host);
                Captured facts = run(host, List.of(javaCommand, "-jar", jar, "facts"), JAVA_LIMIT);
                if (facts.exitedWith(0)) {
                    JsonNode h = EventCodec.mapper().readTree(facts.stdout()).path("host");
                    kernel = h.path("kernel").asText(null);
                    model = h.path("model").asText(null);
                    makeArchive(host, jar, javaCommand);
                } else {
                    skips.add(host.name() + ": the writer does not run there (" + facts.describe() + ")");
                }
            } catch (IOException e) {
                skips.add(host.name() + ": cannot deploy the writer: " + e.getMessage());
            }
            compareLabels(host, kernel, model, problems);
        }
        return new HostCheck(host.name(), HostCheck.Reach.OK, java, kernel, model, storages, problems, skips);
    }

    /**
     * Makes the writer's class-data archive on the host for its java, once per jar (see
     * {@link WriterCall}). A failure only leaves the runs to start without it.
     */
    private void makeArchive(Matrix.Host host, String jar, String javaCommand) {
        run(host, WriterCall.archiveScript(jar, javaCommand), JAVA_LIMIT);
    }

    private void compareLabels(Matrix.Host host, String kernel, String model, List<String> problems) {
        if (allowLabelMismatch) {
            return;
        }
        String kernelLabel = host.labels().get("kernel");
        if (kernelLabel != null && kernel != null && !kernel.startsWith(kernelLabel)) {
            problems.add(host.name() + " is labelled kernel " + kernelLabel + " but runs " + kernel
                    + " (fix the label, or pass --allow-label-mismatch when the label is declared on purpose)");
        }
        String modelLabel = host.labels().get("model");
        if (modelLabel != null && model != null && !model.toLowerCase(Locale.ROOT).contains(modelLabel.toLowerCase(Locale.ROOT))) {
            problems.add(host.name() + " is labelled model " + modelLabel + " but reports \"" + model + "\""
                    + " (fix the label, or pass --allow-label-mismatch)");
        }
    }

    /**
     * The check of one storage of {@code host}, as the preflight makes it: created, written,
     * within {@link #MOUNT_LIMIT}, with room for the largest file; for a sweep that asks whether a
     * mount still hangs.
     */
    public HostCheck.StorageCheck checkStorage(Matrix.Host host, String storage) {
        return checkDirectory(host, storage, host.storage().get(storage));
    }

    private HostCheck.StorageCheck checkDirectory(Matrix.Host host, String storage, String dir) {
        Captured probe = run(host, List.of("sh", "-c", PROBE, "sh", dir), MOUNT_LIMIT);
        if (probe.outcome() instanceof Outcome.TimedOut) {
            return new HostCheck.StorageCheck(storage, dir, HostCheck.StorageState.HUNG, null,
                    "did not answer within " + MOUNT_LIMIT.toSeconds() + " s (a hung mount?)");
        }
        if (!probe.exitedWith(0)) {
            return new HostCheck.StorageCheck(storage, dir, HostCheck.StorageState.UNWRITABLE, null,
                    "cannot create or write there: " + probe.describe());
        }
        String[] df = probe.stdout().strip().split("\\s+");
        if (df.length >= 4 && df[1].equals("0")) {
            // Many FUSE and some network filesystems report no size at all (statfs: 0 blocks in
            // total): its free space is unknown, not nothing. The runs find out, as on any disk.
            return new HostCheck.StorageCheck(storage, dir, HostCheck.StorageState.OK, null, HostCheck.SIZE_UNKNOWN);
        }
        Long free = df.length >= 4 && df[3].matches("\\d+") ? Long.parseLong(df[3]) * 1024 : null;
        long needed = largestSize(host, storage) * matrix.run().perHost();
        if (free != null && free < needed) {
            return new HostCheck.StorageCheck(storage, dir, HostCheck.StorageState.FULL, free, "only " + ByteSize.approximate(free)
                    + " free, cells need " + ByteSize.approximate(needed));
        }
        return new HostCheck.StorageCheck(storage, dir, HostCheck.StorageState.OK, free, null);
    }

    private Set<String> storagesUsedOn(Matrix.Host host) {
        Set<String> used = new LinkedHashSet<>();
        matrix.cells().stream().filter(c -> c.host().equals(host.name())).forEach(c -> used.add(c.storage()));
        return used;
    }

    private long largestSize(Matrix.Host host, String storage) {
        return matrix.cells().stream().filter(c -> c.host().equals(host.name()) && c.storage().equals(storage))
                .mapToLong(c -> ByteSize.parse(c.size()).bytes()).max().orElse(0);
    }

    /** A finished helper command with its output. */
    private record Captured(Outcome outcome, String stdout, String stderr) {
        boolean exitedWith(int code) {
            return outcome instanceof Outcome.Exited e && e.code() == code;
        }

        String describe() {
            String err = stderr.strip().lines().reduce((a, b) -> b).orElse("");
            if (outcome instanceof Outcome.Exited e) {
                return "exit " + e.code() + (err.isEmpty() ? "" : ": " + err);
            }
            return outcome instanceof Outcome.TimedOut ? "timed out" : outcome.toString();
        }
    }

    private Captured run(Matrix.Host host, List<String> argv, Duration limit) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Outcome o = executor.exec(host, argv, limit, l -> out.append(l).append('\n'), l -> err.append(l).append('\n'));
        return new Captured(o, out.toString(), err.toString());
    }

    /** Every cell whose host and storage can run now; the others with the reason, for the journal. */
    public static String skipReason(List<HostCheck> checks, Cell cell) {
        return checks.stream().filter(c -> c.host().equals(cell.host())).findFirst()
                .map(c -> c.skipReason(cell.storage())).orElse(null);
    }
}
