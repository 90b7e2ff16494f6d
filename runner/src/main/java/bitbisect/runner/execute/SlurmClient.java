package bitbisect.runner.execute;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Slurm client commands bitbisect uses (sbatch, scontrol, squeue, sbcast, scancel), run on
 * this machine with a time limit. They find the cluster as every Slurm command does: through
 * {@code SLURM_CONF} or the installed slurm.conf.
 */
final class SlurmClient {

    /** How long a client command may take: slurmctld answers in milliseconds unless it is in trouble. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** What a client command printed, and how it exited. */
    record Result(int exit, String stdout, String stderr) {

        String describe() {
            String said = (stderr.isBlank() ? stdout : stderr).strip();
            // A client that cannot reach the cluster says why in its one fatal line.
            String fatal = said.lines().filter(l -> l.contains("fatal: ")).findFirst().orElse(null);
            said = fatal != null ? fatal : said.replace('\n', ' ');
            return said.isEmpty() ? "exit " + exit : said;
        }
    }

    /** A job as {@code scontrol show job} shows it. */
    record Job(String id, String state, String reason, String nodes) {

        private static final Set<String> WAITING = Set.of("PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_HOLD",
                "RESIZING", "SUSPENDED");

        boolean running() {
            return state.equals("RUNNING");
        }

        /** Queued (or held back): runs cannot start yet, and the wait is not run time. */
        boolean waiting() {
            return WAITING.contains(state);
        }

        /** COMPLETING is an ending job whose final state (TIMEOUT, CANCELLED...) is not known yet. */
        boolean ending() {
            return state.equals("COMPLETING");
        }

        String describe() {
            return "slurm job " + id + " " + state + (reason == null || reason.equals("None") ? "" : " (" + reason + ")");
        }
    }

    /** A node as {@code scontrol show node} shows it; {@code features} its AvailableFeatures. */
    record Node(String name, String state, String reason, List<String> features) {

        /**
         * The labels its features spell, {@code LABEL_VALUE} or {@code LABEL=VALUE}, for the
         * label names given: features {@code kernel_5.1,r630} and names [kernel, model] give
         * kernel: 5.1.
         */
        Map<String, String> labels(Collection<String> names) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String name : names) {
                for (String feature : features) {
                    if (feature.startsWith(name + "_") || feature.startsWith(name + "=")) {
                        out.putIfAbsent(name, feature.substring(name.length() + 1));
                    }
                }
            }
            return out;
        }

        private static final Pattern UNUSABLE = Pattern.compile("DOWN|DRAIN|FAIL|NOT_RESPONDING|FUTURE|POWERED_DOWN"
                + "|POWER_DOWN|INVALID");

        /** Why no job can start on it now, or null. */
        String unusable() {
            if (!UNUSABLE.matcher(state).find()) {
                return null;
            }
            return "node " + name + " is " + state + (reason == null ? "" : " (" + reason + ")");
        }
    }

    Result run(List<String> argv, String stdin) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + argv.get(0) + " (is the Slurm client installed here, on PATH?): "
                    + e.getMessage(), e);
        }
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Thread o = LinePump.start(p.getInputStream(), l -> out.append(l).append('\n'), "slurm-out");
        Thread e = LinePump.start(p.getErrorStream(), l -> err.append(l).append('\n'), "slurm-err");
        try {
            if (!p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not answer within " + LIMIT.toSeconds()
                        + " s (is slurmctld up?)");
            }
            o.join(5_000);
            e.join(5_000);
        } catch (InterruptedException ex) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
        return new Result(p.exitValue(), out.toString(), err.toString());
    }

    /** The job, or null when Slurm no longer knows it (it ended long ago). */
    Job job(String id) throws IOException {
        Map<String, String> f = show("job", id, "Invalid job id");
        return f == null ? null : new Job(id, f.getOrDefault("JobState", "UNKNOWN"), f.get("Reason"), f.get("NodeList"));
    }

    /** The node, or null when Slurm has no node of that name. */
    Node node(String name) throws IOException {
        Map<String, String> f = show("node", name, "not found");
        return f == null ? null : new Node(name, f.getOrDefault("State", "UNKNOWN"), f.get("Reason"), features(f));
    }

    /** The fields of {@code scontrol show WHAT -o ID}, or null when scontrol says {@code missing}. */
    private Map<String, String> show(String what, String id, String missing) throws IOException {
        Result r = run(List.of("scontrol", "show", what, "-o", id), null);
        if (r.exit() != 0) {
            if (r.stderr().contains(missing)) {
                return null;
            }
            throw new IOException("scontrol show " + what + " " + id + ": " + r.describe());
        }
        return fields(r.stdout().strip());
    }

    /** The jobs of {@code ids} that squeue still lists (ended ones for a few minutes), in one call. */
    Map<String, Job> jobs(Collection<String> ids) throws IOException {
        Map<String, Job> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Result r = run(List.of("squeue", "-h", "-t", "all", "-j", String.join(",", ids), "-o", "%i|%T|%r|%N"), null);
        if (r.exit() != 0) {
            throw new IOException("squeue: " + r.describe());
        }
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f.length == 4) {
                out.put(f[0], new Job(f[0], f[1], f[2], f[3]));
            }
        }
        return out;
    }

    /** Every node Slurm knows, by name. */
    Map<String, Node> nodes() throws IOException {
        Result r = run(List.of("scontrol", "show", "node", "-o"), null);
        if (r.exit() != 0) {
            throw new IOException("scontrol show node: " + r.describe());
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> f = fields(line.strip());
            String name = f.get("NodeName");
            if (name != null) {
                out.put(name, new Node(name, f.getOrDefault("State", "UNKNOWN"), f.get("Reason"), features(f)));
            }
        }
        return out;
    }

    /** Submits a batch job and returns its id. */
    String submit(List<String> flags, String script) throws IOException {
        List<String> argv = new ArrayList<>(List.of("sbatch", "--parsable"));
        argv.addAll(flags);
        Result r = run(argv, script);
        String id = r.stdout().strip().split(";")[0];
        if (r.exit() != 0 || !id.matches("\\d+")) {
            throw new IOException("sbatch refused the job: " + r.describe());
        }
        return id;
    }

    /** Cancels a job or a step ({@code 17.3}); one that already ended is no error. */
    void cancel(String id) throws IOException {
        Result r = run(List.of("scancel", "--quiet", id), null);
        if (r.exit() != 0 && !r.stderr().contains("Invalid job id")) {
            throw new IOException("scancel " + id + ": " + r.describe());
        }
    }

    /** Ends a running job by sending TERM to its batch script, which exits: the job COMPLETES. */
    void end(String id) throws IOException {
        Result r = run(List.of("scancel", "--quiet", "--batch", "--signal=TERM", id), null);
        if (r.exit() != 0) {
            cancel(id);
        }
    }

    /** The job's own steps (17.0, 17.1...), not its batch or extern steps. */
    List<String> steps(String job) throws IOException {
        Result r = run(List.of("squeue", "-h", "-s", "-j", job, "-o", "%i"), null);
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.strip().matches("\\d+\\.\\d+")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /** Copies {@code file} to {@code destination} on the job's node (sbcast). */
    void broadcast(String job, Path file, String destination) throws IOException {
        Result r = run(List.of("sbcast", "--jobid=" + job, "--force", file.toString(), destination), null);
        if (r.exit() != 0) {
            throw new IOException("sbcast of the writer to " + destination + " in slurm job " + job + ": "
                    + r.describe());
        }
    }

    private static List<String> features(Map<String, String> fields) {
        String f = fields.get("AvailableFeatures");
        return f == null || f.equals("(null)") || f.isBlank() ? List.of() : List.of(f.split(","));
    }

    // A key starts each field; values (a Reason) may hold spaces.
    private static final Pattern FIELD = Pattern.compile("(?:^| )([A-Za-z][A-Za-z0-9_:/]*)=");

    /** The key=value fields of one line of {@code scontrol show ... -o}. */
    static Map<String, String> fields(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        String key = null;
        int valueStart = 0;
        while (m.find()) {
            if (key != null) {
                out.putIfAbsent(key, line.substring(valueStart, m.start()).strip());
            }
            key = m.group(1);
            valueStart = m.end();
        }
        if (key != null) {
            out.putIfAbsent(key, line.substring(valueStart).strip());
        }
        return out;
    }
}
