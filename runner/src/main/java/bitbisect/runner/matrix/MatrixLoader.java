package bitbisect.runner.matrix;

import bitbisect.writer.io.ReadbackMode;
import bitbisect.writer.io.SyncMode;
import bitbisect.writer.pattern.Pattern;
import bitbisect.writer.units.ByteSize;
import bitbisect.writer.units.DurationText;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

/**
 * Reads matrix.yaml, checks it, and expands it into cells. Every problem found is reported at
 * once, each with file, line and column and what to do about it; nothing runs until the file
 * is clean.
 *
 * <p>Expansion: the cells are every combination of the axis values, plus for each
 * {@code include} entry every combination of its given values with all values of the axes it
 * does not name (so {@code {storage: nfs, size: 1GiB}} adds a 1GiB size for NFS only), minus
 * every cell matching all keys of some {@code exclude} entry. Host labels can be used as keys in
 * both: {@code {kernel: "3.10", sync: direct}}.
 */
public final class MatrixLoader {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private static final int DIRECT_ALIGNMENT = 4096;

    private final String file;
    private final YamlLocations locations;
    private final List<MatrixError.Problem> problems = new ArrayList<>();
    /** The variants defined under {@code variants}: an include may name any of them. */
    private Set<String> variantNames = Set.of();

    private MatrixLoader(String file, String text) {
        this.file = file;
        this.locations = YamlLocations.of(text);
    }

    public static Matrix load(Path path) throws MatrixError, IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        String name = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(path.toString(), name, text);
    }

    /** Parses matrix text; {@code file} names it in messages, {@code defaultName} is used when it has no name. */
    public static Matrix parse(String file, String defaultName, String text) throws MatrixError {
        MatrixLoader loader = new MatrixLoader(file, text);
        MatrixFile raw;
        try {
            raw = YAML.readValue(text, MatrixFile.class);
        } catch (JsonProcessingException e) {
            throw new MatrixError(List.of(loader.bindingProblem(e)));
        }
        if (raw == null) {
            throw new MatrixError(List.of(new MatrixError.Problem(file, 0, 0,
                    "the file is empty; see matrix.yaml at the top of the repository for a complete example")));
        }
        Matrix matrix = loader.check(raw, defaultName);
        if (!loader.problems.isEmpty()) {
            throw new MatrixError(loader.problems);
        }
        return matrix;
    }

    private MatrixError.Problem bindingProblem(JsonProcessingException e) {
        if (e.getCause() instanceof JsonProcessingException syntax && !(e.getCause() instanceof JsonMappingException)) {
            e = syntax; // a YAML syntax error met while binding
        }
        String path = e instanceof JsonMappingException m ? pathOf(m) : "";
        // The parser's own location is where it stopped reading, often a line later; the
        // path's recorded start is where the offending key or value is.
        JsonLocation at = path.isEmpty() ? e.getLocation() : locations.find(path);
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown key \"" + u.getPropertyName() + "\"" + (path.isEmpty() ? "" : " at " + path)
                    + "; known keys here: " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
        } else if (e instanceof MismatchedInputException m) {
            message = "wrong type" + (path.isEmpty() ? "" : " at " + path) + ": expected " + shapeOf(m.getTargetType());
        } else if (e instanceof JsonMappingException) {
            message = "cannot read" + (path.isEmpty() ? "" : " " + path) + ": " + firstLines(e.getOriginalMessage());
        } else {
            message = "not valid YAML: " + firstLines(e.getOriginalMessage());
        }
        return new MatrixError.Problem(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), message);
    }

    private static String shapeOf(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list, e.g. [a, b]";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of key: value lines";
        }
        if (type == String.class) {
            return "a single value";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a whole number";
        }
        return type.getSimpleName();
    }

    private static String firstLines(String message) {
        return message == null ? "" : message.lines().limit(2).map(String::trim).collect(Collectors.joining("; "));
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                s.append(s.length() == 0 ? "" : ".").append(r.getFieldName());
            }
        }
        return s.toString();
    }

    private void problem(String path, String message) {
        JsonLocation at = locations.find(path);
        problems.add(new MatrixError.Problem(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                message));
    }

    private Matrix check(MatrixFile raw, String defaultName) {
        String name = raw.name() == null ? defaultName : raw.name();
        String nameProblem = Names.problem("name", name);
        if (nameProblem != null) {
            problem("name", nameProblem);
        }
        SshConfig sshConfig = sshConfig(raw.sshConfig());
        List<Matrix.Host> hosts = checkHosts(raw.hosts(), sshConfig);
        Map<String, Matrix.Variant> variants = checkVariants(raw.variants());
        variantNames = variants.keySet();
        Matrix.Work work = checkWork(raw.work());
        Matrix.RunPolicy run = checkRun(raw.run());
        List<String> labelNames = hosts.isEmpty() ? List.of() : List.copyOf(hosts.get(0).labels().keySet());

        MatrixFile.AxesEntry a = raw.axes() == null
                ? new MatrixFile.AxesEntry(null, null, null, null, null, null, null) : raw.axes();
        Map<String, List<String>> axisValues = new LinkedHashMap<>();
        List<String> storageDefault = hosts.stream().flatMap(h -> h.storage().keySet().stream()).distinct().toList();
        axisValues.put(FixedAxis.HOST.key(), values("axes.host", a.host(), hosts.stream().map(Matrix.Host::name).toList(),
                v -> checkHostName(v, hosts)));
        axisValues.put(FixedAxis.STORAGE.key(), values("axes.storage", a.storage(), storageDefault, v -> checkStorageName(v)));
        axisValues.put(FixedAxis.SYNC.key(), values("axes.sync", a.sync(), List.of("buffered"), v -> SyncMode.parse(v).label()));
        axisValues.put(FixedAxis.SIZE.key(), values("axes.size", a.size(), List.of("64MiB"), this::checkSize));
        axisValues.put(FixedAxis.READBACK.key(), values("axes.readback", a.readback(), List.of("cached"),
                v -> checkReadback(v, hosts)));
        axisValues.put(FixedAxis.VARIANT.key(), values("axes.variant", a.variant(), List.of(variants.keySet().iterator().next()),
                v -> checkVariantName(v, variants)));
        axisValues.put(FixedAxis.PATTERN.key(), values("axes.pattern", a.pattern(), List.of("alternating"),
                v -> Pattern.parse(v).spec()));

        List<String> shared = raw.sharedStorage() == null ? List.of() : List.copyOf(raw.sharedStorage());
        List<Cell> cells = expand(raw, hosts, labelNames, axisValues);
        checkCells(cells, hosts, work, raw);
        checkRemoteReadback(cells, hosts, shared);
        List<Matrix.Axis> axes = axesOf(cells, labelNames);
        return new Matrix(name, hosts, shared, axes, variants, work, run, cells);
    }

    // ---- hosts, variants, work, run ------------------------------------------------------

    /** The ssh config named in the matrix, or ~/.ssh/config. */
    private SshConfig sshConfig(String path) {
        Path file = path != null ? Path.of(path) : Path.of(System.getProperty("user.home"), ".ssh", "config");
        try {
            return SshConfig.read(file);
        } catch (IOException | RuntimeException e) {
            problem("ssh_config", "cannot read the ssh config " + file + ": " + e.getMessage());
            return SshConfig.empty();
        }
    }

    private List<Matrix.Host> checkHosts(List<MatrixFile.HostEntry> entries, SshConfig sshConfig) {
        if (entries == null || entries.isEmpty()) {
            problem("hosts", "no hosts: add at least one, e.g. hosts: [{name: localhost, storage: {local: /var/tmp/bitbisect}}]");
            return List.of();
        }
        List<Matrix.Host> hosts = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        Set<String> firstLabels = null;
        for (int i = 0; i < entries.size(); i++) {
            MatrixFile.HostEntry h = entries.get(i);
            String at = "hosts[" + i + "]";
            if (h == null || h.name() == null || h.name().isBlank()) {
                problem(at, "a host needs a name");
                continue;
            }
            String nameProblem = Names.problem("host name", h.name());
            if (nameProblem != null) {
                problem(at + ".name", nameProblem);
            }
            Integer earlier = seen.putIfAbsent(h.name(), i);
            if (earlier != null) {
                problem(at + ".name", "host name \"" + h.name() + "\" is used twice (also hosts[" + earlier + "]);"
                        + " give each host its own name");
            }
            Map<String, String> labels = h.labels() == null ? Map.of() : h.labels();
            for (String label : labels.keySet()) {
                if (!FixedAxis.isLabel(label)) {
                    problem(at + ".labels." + label, "label \"" + label + "\" would clash with the axis of that name; rename it");
                }
            }
            if (firstLabels == null) {
                firstLabels = labels.keySet();
            } else if (!firstLabels.equals(labels.keySet())) {
                problem(at + ".labels", "host " + h.name() + " has labels " + labels.keySet() + " but hosts[0] has "
                        + firstLabels + "; every host needs the same label names (they are axes)");
            }
            Map<String, String> storage = h.storage() == null ? Map.of() : h.storage();
            storage.forEach((kind, dir) -> {
                String kindProblem = Names.problem("storage name", kind);
                if (kindProblem != null) {
                    problem(at + ".storage." + kind, kindProblem);
                }
                if (dir == null || !dir.startsWith("/")) {
                    problem(at + ".storage." + kind, "storage directory \"" + dir + "\" must be an absolute path");
                }
            });
            hosts.add(new Matrix.Host(h.name(), checkSsh(at + ".ssh", h.ssh(), sshConfig), new LinkedHashMap<>(labels),
                    new LinkedHashMap<>(storage), h.java()));
        }
        return hosts;
    }

    /**
     * Resolves a host's SSH settings the way ssh(1) would: values given in the matrix first, then
     * the ssh config for that name (HostName, User, Port, IdentityFile, UserKnownHostsFile,
     * ProxyJump), then the defaults (port 22, this user, ~/.ssh/id_ed25519 or id_rsa,
     * ~/.ssh/known_hosts).
     */
    private Matrix.Ssh checkSsh(String at, MatrixFile.SshEntry e, SshConfig config) {
        if (e == null) {
            return null;
        }
        if (e.address() == null || e.address().isBlank()) {
            problem(at, "ssh needs an address (a host name, an IP address, or a Host of your ssh config)");
            return null;
        }
        if (e.port() != null && (e.port() < 1 || e.port() > 65535)) {
            problem(at + ".port", "port " + e.port() + " is not a TCP port (1-65535)");
        }
        if (e.identity() != null && !Files.isReadable(Path.of(e.identity()))) {
            problem(at + ".identity", "cannot read the key file " + e.identity());
        }
        try {
            return resolveSsh(e.address(), e.user(), e.port(), e.identity(), e.knownHosts(), e.proxyJump(), config, 0);
        } catch (IllegalArgumentException ex) {
            problem(at, ex.getMessage());
            return null;
        }
    }

    private static Matrix.Ssh resolveSsh(String alias, String user, Integer port, String identity, String knownHosts,
                                         String proxyJump, SshConfig config, int depth) {
        if (depth > 8) {
            throw new IllegalArgumentException("ProxyJump goes round in circles at " + alias);
        }
        SshConfig.Settings s = config.resolve(alias);
        Path home = Path.of(System.getProperty("user.home"), ".ssh");
        String key = identity != null ? identity : s.identityFile();
        Path keyPath = key != null ? Path.of(key)
                : Files.exists(home.resolve("id_ed25519")) ? home.resolve("id_ed25519") : home.resolve("id_rsa");
        String kh = knownHosts != null ? knownHosts : s.knownHostsFile();
        Path knownHostsPath = kh != null ? Path.of(kh.split("\\s+")[0]) : home.resolve("known_hosts");
        String jumpSpec = proxyJump != null ? proxyJump : s.proxyJump();
        Matrix.Ssh jump = null;
        if (jumpSpec != null && !jumpSpec.equalsIgnoreCase("none")) {
            // "a,b" hops through a, then b: the last hop is the one this host is reached from.
            String[] hops = jumpSpec.split(",");
            for (String hop : hops) {
                Matcher m = JUMP.matcher(hop.strip());
                if (!m.matches()) {
                    throw new IllegalArgumentException("ProxyJump \"" + hop + "\" is not [user@]host[:port]");
                }
                Matrix.Ssh next = resolveSsh(m.group(2), m.group(1), m.group(3) == null ? null : Integer.valueOf(m.group(3)),
                        null, knownHosts, "none", config, depth + 1);
                jump = new Matrix.Ssh(next.address(), next.port(), next.user(), next.identity(), next.knownHosts(), jump);
            }
        }
        return new Matrix.Ssh(s.hostName() != null ? s.hostName() : alias,
                port != null ? port : s.port() != null ? s.port() : 22,
                user != null ? user : s.user() != null ? s.user() : System.getProperty("user.name"),
                keyPath, knownHostsPath, jump);
    }

    private static final java.util.regex.Pattern JUMP = java.util.regex.Pattern.compile("(?:([^@]+)@)?([^:@]+)(?::(\\d+))?");

    private Map<String, Matrix.Variant> checkVariants(Map<String, MatrixFile.VariantEntry> entries) {
        Map<String, Matrix.Variant> variants = new LinkedHashMap<>();
        if (entries == null || entries.isEmpty()) {
            variants.put("default", new Matrix.Variant("default", null, List.of()));
            return variants;
        }
        entries.forEach((name, v) -> {
            String nameProblem = Names.problem("variant name", name);
            if (nameProblem != null) {
                problem("variants." + name, nameProblem);
            }
            List<String> flags = v == null || v.flags() == null ? List.of() : v.flags();
            for (int i = 0; i < flags.size(); i++) {
                if (!flags.get(i).startsWith("-")) {
                    problem("variants." + name + ".flags[" + i + "]", "JVM flag \"" + flags.get(i)
                            + "\" should start with '-', e.g. -XX:TieredStopAtLevel=1");
                }
            }
            variants.put(name, new Matrix.Variant(name, v == null ? null : v.java(), List.copyOf(flags)));
        });
        return variants;
    }

    private Matrix.Work checkWork(MatrixFile.WorkEntry w) {
        MatrixFile.WorkEntry e = w == null ? new MatrixFile.WorkEntry(null, null, null, null, null) : w;
        if (e.iterations() != null && e.duration() != null) {
            problem("work.duration", "give work.iterations or work.duration, not both");
        }
        if (e.iterations() != null && e.iterations() < 1) {
            problem("work.iterations", "iterations must be at least 1");
        }
        Duration duration = e.duration() == null ? null : duration("work.duration", e.duration(), Duration.ofMinutes(1));
        long block = ByteSize.parse("1MiB").bytes();
        if (e.block() != null) {
            String checked = checkSize("work.block", e.block());
            block = checked == null ? block : ByteSize.parse(checked).bytes();
        }
        int replicates = atLeast("work.replicates", e.replicates(), 1, 1);
        int maxEvents = atLeast("work.max_events", e.maxEvents(), 1000, 0);
        Long iterations = e.iterations() == null && duration == null ? Long.valueOf(10) : e.iterations();
        return new Matrix.Work(iterations, duration, block, replicates, maxEvents);
    }

    private Matrix.RunPolicy checkRun(MatrixFile.RunEntry r) {
        MatrixFile.RunEntry e = r == null ? new MatrixFile.RunEntry(null, null, null, null, null) : r;
        int perHost = atLeast("run.per_host", e.perHost(), 1, 1);
        int parallel = atLeast("run.parallel_hosts", e.parallelHosts(), 8, 1);
        Duration timeout = e.timeout() == null ? Duration.ofMinutes(10) : duration("run.timeout", e.timeout(), Duration.ofMinutes(10));
        Duration stall = e.stall() == null ? Duration.ofSeconds(10) : duration("run.stall", e.stall(), Duration.ofSeconds(10));
        long seed = e.seed() == null ? new java.security.SecureRandom().nextLong() & Long.MAX_VALUE : e.seed();
        return new Matrix.RunPolicy(seed, perHost, parallel, timeout, stall);
    }

    /** {@code value}, or {@code fallback} when absent; a problem when below {@code min}. */
    private int atLeast(String path, Integer value, int fallback, int min) {
        int v = value == null ? fallback : value;
        if (v < min) {
            String key = path.substring(path.indexOf('.') + 1);
            problem(path, key + (min == 0 ? " must be 0 or more" : " must be at least " + min));
        }
        return v;
    }

    private Duration duration(String path, String text, Duration fallback) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException ex) {
            problem(path, ex.getMessage());
            return fallback;
        }
    }

    // ---- axis values ---------------------------------------------------------------------

    /** Checks each given value (or takes the defaults) and returns them in canonical spelling. */
    private List<String> values(String path, List<String> given, List<String> defaults, Function<String, String> canonical) {
        if (given == null) {
            return defaults;
        }
        if (given.isEmpty()) {
            problem(path, "an axis needs at least one value (leave it out to take its default)");
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String at = path + "[" + i + "]";
            String value = canonical(at, given.get(i), canonical);
            if (value != null && !out.add(value)) {
                problem(at, "\"" + given.get(i) + "\" is listed twice on this axis");
            }
        }
        return List.copyOf(out);
    }

    private String canonical(String at, String value, Function<String, String> canonical) {
        if (value == null) {
            problem(at, "empty value");
            return null;
        }
        try {
            return canonical.apply(value);
        } catch (IllegalArgumentException e) {
            problem(at, e.getMessage());
            return null;
        }
    }

    private String checkSize(String value) {
        ByteSize size = ByteSize.parse(value);
        if (size.bytes() <= 0 || size.bytes() % 8 != 0) {
            throw new IllegalArgumentException("size " + value + " must be a positive multiple of 8 bytes");
        }
        return size.toString();
    }

    private String checkSize(String path, String value) {
        return canonical(path, value, this::checkSize);
    }

    /** cached, direct, remote (the next host reads back), or remote:HOST. */
    private static String checkReadback(String value, List<Matrix.Host> hosts) {
        String v = value.trim();
        if (v.equals("remote")) {
            return v;
        }
        if (v.startsWith("remote:")) {
            String host = v.substring("remote:".length());
            if (!hosts.isEmpty() && hosts.stream().noneMatch(h -> h.name().equals(host))) {
                throw new IllegalArgumentException("no host named \"" + host + "\" to read back from");
            }
            return v;
        }
        try {
            return ReadbackMode.parse(v).label();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(")", ", remote or remote:HOST)"));
        }
    }

    /** A remote read-back needs a storage declared shared and another host that has it. */
    private void checkRemoteReadback(List<Cell> cells, List<Matrix.Host> hosts, List<String> shared) {
        Set<String> reported = new LinkedHashSet<>();
        for (Cell cell : cells) {
            if (!cell.readback().startsWith("remote")) {
                continue;
            }
            String where = "axes.readback";
            if (!shared.contains(cell.storage()) && reported.add("shared/" + cell.storage())) {
                problem(where, "readback " + cell.readback() + " needs storage \"" + cell.storage() + "\" to be the"
                        + " same export on every host: list it under shared_storage (or exclude {storage: "
                        + cell.storage() + ", readback: " + cell.readback() + "})");
            }
            long others = hosts.stream().filter(h -> !h.name().equals(cell.host())
                    && h.storage().containsKey(cell.storage())).count();
            if (others == 0 && reported.add("others/" + cell.storage())) {
                problem(where, "readback remote needs a second host with storage \"" + cell.storage() + "\"");
            }
            if (cell.readback().startsWith("remote:")) {
                String verifier = cell.readback().substring("remote:".length());
                boolean hasIt = hosts.stream().anyMatch(h -> h.name().equals(verifier) && h.storage().containsKey(cell.storage()));
                if (!hasIt && reported.add("verifier/" + verifier + "/" + cell.storage())) {
                    problem(where, "host " + verifier + " has no directory for storage \"" + cell.storage()
                            + "\" to read back from");
                }
            }
        }
    }

    private static String checkHostName(String value, List<Matrix.Host> hosts) {
        if (hosts.stream().noneMatch(h -> h.name().equals(value))) {
            throw new IllegalArgumentException("no host named \"" + value + "\" under hosts");
        }
        return value;
    }

    private static String checkStorageName(String value) {
        String problem = Names.problem("storage name", value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    private static String checkVariantName(String value, Map<String, Matrix.Variant> variants) {
        if (!variants.containsKey(value)) {
            throw new IllegalArgumentException("no variant named \"" + value + "\" under variants (defined: "
                    + String.join(", ", variants.keySet()) + ")");
        }
        return value;
    }

    // ---- expansion -----------------------------------------------------------------------

    private List<Cell> expand(MatrixFile raw, List<Matrix.Host> hosts, List<String> labelNames,
                              Map<String, List<String>> axisValues) {
        Set<String> keys = new LinkedHashSet<>(axisValues.keySet());
        keys.addAll(labelNames);
        Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
        addProduct(byKey, hosts, labelNames, axisValues, Map.of());
        List<Map<String, String>> include = raw.include() == null ? List.of() : raw.include();
        for (int i = 0; i < include.size(); i++) {
            Map<String, String> entry = checkEntry("include[" + i + "]", include.get(i), keys, axisValues, true);
            if (entry != null) {
                addProduct(byKey, hosts, labelNames, axisValues, entry);
            }
        }
        List<Map<String, String>> exclude = raw.exclude() == null ? List.of() : raw.exclude();
        for (int i = 0; i < exclude.size(); i++) {
            Map<String, String> entry = checkEntry("exclude[" + i + "]", exclude.get(i), keys, axisValues, false);
            if (entry != null) {
                byKey.values().removeIf(cell -> entry.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(cell.get(e.getKey()))));
            }
        }
        return byKey.values().stream().map(Cell::of).toList();
    }

    /** Checks an include/exclude entry: known keys, and (for include) values valid for their axis. */
    private Map<String, String> checkEntry(String at, Map<String, String> entry, Set<String> keys,
                                           Map<String, List<String>> axisValues, boolean include) {
        if (entry == null || entry.isEmpty()) {
            problem(at, "an empty entry matches everything; give axis: value pairs");
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, String> e : entry.entrySet()) {
            String key = e.getKey();
            String path = at + "." + key;
            if (!keys.contains(key)) {
                problem(path, "\"" + key + "\" is not an axis (axes: " + String.join(", ", keys) + ")");
                ok = false;
                continue;
            }
            String value = e.getValue();
            String canonical = switch (key) {
                case "size" -> checkSize(path, value);
                case "sync" -> canonical(path, value, v -> SyncMode.parse(v).label());
                case "readback" -> canonical(path, value, v -> checkReadback(v, List.of()));
                case "pattern" -> canonical(path, value, v -> Pattern.parse(v).spec());
                default -> value;
            };
            if (canonical == null) {
                ok = false;
            } else if (include && (key.equals("host") || key.equals("variant"))
                    && !axisValuesOrDefined(key, canonical, axisValues)) {
                problem(path, "no " + key + " named \"" + value + "\" is defined");
                ok = false;
            }
            out.put(key, canonical);
        }
        return ok ? out : null;
    }

    private boolean axisValuesOrDefined(String key, String value, Map<String, List<String>> axisValues) {
        return axisValues.get(key).contains(value) || key.equals("variant") && variantNames.contains(value);
    }

    private static void addProduct(Map<String, Map<String, String>> byKey, List<Matrix.Host> hosts,
                                   List<String> labelNames, Map<String, List<String>> axisValues,
                                   Map<String, String> fixed) {
        List<Map<String, String>> partial = new ArrayList<>();
        for (String hostName : fixed.containsKey("host") ? List.of(fixed.get("host")) : axisValues.get("host")) {
            Matrix.Host host = hosts.stream().filter(h -> h.name().equals(hostName)).findFirst().orElse(null);
            if (host == null) {
                continue;
            }
            boolean labelsMatch = labelNames.stream()
                    .allMatch(l -> !fixed.containsKey(l) || fixed.get(l).equals(host.labels().get(l)));
            if (labelsMatch) {
                Map<String, String> c = new LinkedHashMap<>();
                c.put("host", hostName);
                labelNames.forEach(l -> c.put(l, host.labels().get(l)));
                partial.add(c);
            }
        }
        for (String axis : Matrix.FIXED_AXES) {
            List<String> values = fixed.containsKey(axis) ? List.of(fixed.get(axis)) : axisValues.get(axis);
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : partial) {
                for (String v : values) {
                    Map<String, String> c = new LinkedHashMap<>(p);
                    c.put(axis, v);
                    next.add(c);
                }
            }
            partial = next;
        }
        for (Map<String, String> c : partial) {
            byKey.putIfAbsent(c.toString(), c);
        }
    }

    // ---- checks on the expanded cells ----------------------------------------------------

    private void checkCells(List<Cell> cells, List<Matrix.Host> hosts, Matrix.Work work, MatrixFile raw) {
        if (cells.isEmpty() && !hosts.isEmpty() && problems.isEmpty()) {
            problem(raw.exclude() != null && !raw.exclude().isEmpty() ? "exclude" : "axes",
                    "the matrix has no cells left" + (raw.exclude() != null ? " after exclude" : "")
                            + "; remove an exclude entry or add axis values");
            return;
        }
        Set<String> reported = new LinkedHashSet<>();
        Map<String, Cell> ids = new LinkedHashMap<>();
        for (Cell cell : cells) {
            Matrix.Host host = hosts.stream().filter(h -> h.name().equals(cell.host())).findFirst().orElseThrow();
            if (!host.storage().containsKey(cell.storage()) && reported.add(cell.host() + "/" + cell.storage())) {
                problem(pathOfValue(raw, "storage", cell.storage()), "host " + cell.host() + " has no directory for"
                        + " storage \"" + cell.storage() + "\": add it under hosts[" + hosts.indexOf(host)
                        + "].storage, or exclude {host: " + cell.host() + ", storage: " + cell.storage() + "}");
            }
            boolean direct = cell.sync().equals("direct") || cell.readback().equals("direct");
            long size = ByteSize.parse(cell.size()).bytes();
            if (direct && (size % DIRECT_ALIGNMENT != 0 || work.block() % DIRECT_ALIGNMENT != 0)
                    && reported.add("direct/" + cell.size())) {
                problem(pathOfValue(raw, "size", cell.size()), "O_DIRECT needs sizes and work.block that are"
                        + " multiples of 4096 bytes; size " + cell.size() + " with block " + ByteSize.of(work.block())
                        + " is not (change it, or exclude {size: " + cell.size() + ", sync: direct})");
            }
            Cell other = ids.putIfAbsent(cell.id(), cell);
            if (other != null && reported.add("id/" + cell.id())) {
                problem("hosts", "two cells get the same id " + cell.id() + " (" + other.coordinates() + " and "
                        + cell.coordinates() + "): names that differ only in punctuation; rename one");
            }
        }
    }

    /** The path of an axis value as written, for pointing at it; the axis itself when not found. */
    private static String pathOfValue(MatrixFile raw, String axis, String canonical) {
        List<String> given = raw.axes() == null ? null : switch (axis) {
            case "storage" -> raw.axes().storage();
            case "size" -> raw.axes().size();
            default -> null;
        };
        if (given != null) {
            for (int i = 0; i < given.size(); i++) {
                String g = given.get(i);
                String c = axis.equals("size") ? safeSize(g) : g;
                if (Objects.equals(c, canonical)) {
                    return "axes." + axis + "[" + i + "]";
                }
            }
        }
        return "axes." + axis;
    }

    private static String safeSize(String text) {
        try {
            return ByteSize.parse(text).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<Matrix.Axis> axesOf(List<Cell> cells, List<String> labelNames) {
        List<String> names = new ArrayList<>();
        names.add(FixedAxis.HOST.key());
        names.addAll(labelNames);
        names.addAll(Matrix.FIXED_AXES);
        List<Matrix.Axis> axes = new ArrayList<>();
        for (String name : names) {
            axes.add(new Matrix.Axis(name, cells.stream().map(c -> c.get(name)).distinct().toList()));
        }
        return axes;
    }
}
