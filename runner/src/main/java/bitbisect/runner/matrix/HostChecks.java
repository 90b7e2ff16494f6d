package bitbisect.runner.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/** The hosts of a matrix: names, labels, storage directories, and how each is reached over SSH. */
final class HostChecks {

    private final Problems problems;

    HostChecks(Problems problems) {
        this.problems = problems;
    }

    /** The ssh config named in the matrix (alone, as ssh -F), or ~/.ssh/config then /etc/ssh/ssh_config. */
    private SshConfig sshConfig(String path) {
        Path user = Path.of(System.getProperty("user.home"), ".ssh", "config");
        try {
            return path != null ? SshConfig.read(Path.of(path), user.getParent())
                    : SshConfig.userThenSystem(user, Path.of(SYSTEM_CONFIG));
        } catch (IOException | RuntimeException e) {
            problems.add("ssh_config", "cannot read the ssh config " + (path != null ? path : user) + ": "
                    + e.getMessage());
            return SshConfig.empty();
        }
    }

    /** The system-wide client config ssh reads after the user's. */
    static final String SYSTEM_CONFIG = "/etc/ssh/ssh_config";

    /** The hosts as written, checked, each with its SSH settings resolved. */
    List<Matrix.Host> check(List<MatrixFile.HostEntry> entries, String sshConfigPath) {
        return checkHosts(entries, sshConfig(sshConfigPath));
    }

    private List<Matrix.Host> checkHosts(List<MatrixFile.HostEntry> entries, SshConfig sshConfig) {
        if (entries == null || entries.isEmpty()) {
            problems.add("hosts", "no hosts: add at least one, e.g. hosts: [{name: localhost, storage: {local: /var/tmp/bitbisect}}]");
            return List.of();
        }
        List<Matrix.Host> hosts = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        Set<String> firstLabels = null;
        for (Placed placed : expand(entries)) {
            MatrixFile.HostEntry h = placed.entry();
            String at = placed.at();
            int i = placed.index();
            if (h == null || h.name() == null || h.name().isBlank()) {
                problems.add(at, "a host needs a name");
                continue;
            }
            String nameProblem = Names.problem("host name", h.name());
            if (nameProblem != null) {
                problems.add(at + ".name", nameProblem);
            }
            Integer earlier = seen.putIfAbsent(h.name(), i);
            if (earlier != null) {
                problems.add(at + ".name", "host name \"" + h.name() + "\" is used twice (also hosts[" + earlier + "]);"
                        + " give each host its own name");
            }
            Map<String, String> labels = h.labels() == null ? Map.of() : h.labels();
            for (String label : labels.keySet()) {
                if (!FixedAxis.isLabel(label)) {
                    problems.add(at + ".labels." + label, "label \"" + label + "\" would clash with the axis of that name; rename it");
                }
            }
            if (firstLabels == null) {
                firstLabels = labels.keySet();
            } else if (!firstLabels.equals(labels.keySet())) {
                problems.add(at + ".labels", "host " + h.name() + " has labels " + labels.keySet() + " but hosts[0] has "
                        + firstLabels + "; every host needs the same label names (they are axes)");
            }
            Map<String, String> storage = h.storage() == null ? Map.of() : h.storage();
            storage.forEach((kind, dir) -> {
                String kindProblem = Names.problem("storage name", kind);
                if (kindProblem != null) {
                    problems.add(at + ".storage." + kind, kindProblem);
                }
                if (dir == null || !dir.startsWith("/")) {
                    problems.add(at + ".storage." + kind, "storage directory \"" + dir + "\" must be an absolute path");
                }
            });
            hosts.add(new Matrix.Host(h.name(), checkSsh(at + ".ssh", h.ssh(), sshConfig), placed.slurm(),
                    new LinkedHashMap<>(labels), new LinkedHashMap<>(storage), h.java()));
        }
        return hosts;
    }

    /** A host entry as checked: where it was written, and its Slurm node (null if none). */
    private record Placed(String at, int index, MatrixFile.HostEntry entry, Matrix.Slurm slurm) {
    }

    /**
     * The host entries with each Slurm fleet ({@code slurm: {nodes: "n[1-64]"}}) spread into one
     * entry per node, named after it; a single node ({@code slurm: {node: n1}}) names its host
     * when the entry has no name.
     */
    private List<Placed> expand(List<MatrixFile.HostEntry> entries) {
        List<Placed> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            MatrixFile.HostEntry h = entries.get(i);
            String at = "hosts[" + i + "]";
            MatrixFile.SlurmEntry s = h == null ? null : h.slurm();
            if (s == null) {
                out.add(new Placed(at, i, h, null));
                continue;
            }
            if (h.ssh() != null) {
                problems.add(at + ".ssh", "a host is reached over ssh or through slurm, not both; remove one");
            }
            if ((s.node() == null) == (s.nodes() == null)) {
                problems.add(at + ".slurm", "slurm needs node (one node, e.g. node: n1) or nodes (a fleet, e.g."
                        + " nodes: \"n[1-64]\"), not both");
                continue;
            }
            if (s.nodes() != null && h.name() != null) {
                problems.add(at + ".name", "a fleet entry (slurm.nodes) names each host after its node; remove name");
                continue;
            }
            List<String> nodes;
            try {
                nodes = s.node() != null ? List.of(s.node()) : Hostlist.expand(s.nodes());
            } catch (IllegalArgumentException e) {
                problems.add(at + ".slurm.nodes", e.getMessage());
                continue;
            }
            Duration time = s.time() == null ? null : problems.duration(at + ".slurm.time", s.time(), null);
            List<String> extra = s.extra() == null ? List.of() : List.copyOf(s.extra());
            for (String flag : extra) {
                if (flag == null || !flag.startsWith("-")) {
                    problems.add(at + ".slurm.extra", "\"" + flag + "\" is not an sbatch flag: each entry is one flag,"
                            + " such as --constraint=r630 or --reservation=hunt");
                }
            }
            for (String node : nodes) {
                String nodeProblem = Names.problem("Slurm node name", node);
                if (nodeProblem != null) {
                    problems.add(at + ".slurm", nodeProblem);
                    continue;
                }
                MatrixFile.HostEntry named = new MatrixFile.HostEntry(h.name() != null ? h.name() : node, null, s,
                        h.labels(), h.storage(), h.java());
                out.add(new Placed(at, i, named,
                        new Matrix.Slurm(node, s.partition(), s.account(), s.qos(), time, extra)));
            }
        }
        return out;
    }

    /**
     * Resolves a host's SSH settings the way ssh(1) would: values given in the matrix first, then
     * the ssh configs for that name (HostName, User, Port, IdentityFile, UserKnownHostsFile,
     * ProxyJump), then the defaults (port 22, this user, each of ~/.ssh/id_ed25519, id_ecdsa and
     * id_rsa that exists, ~/.ssh/known_hosts).
     */
    private Matrix.Ssh checkSsh(String at, MatrixFile.SshEntry e, SshConfig config) {
        if (e == null) {
            return null;
        }
        if (e.address() == null || e.address().isBlank()) {
            problems.add(at, "ssh needs an address (a host name, an IP address, or a Host of your ssh config)");
            return null;
        }
        if (e.port() != null && (e.port() < 1 || e.port() > 65535)) {
            problems.add(at + ".port", "port " + e.port() + " is not a TCP port (1-65535)");
        }
        if (e.identity() != null && !Files.isReadable(Path.of(e.identity()))) {
            problems.add(at + ".identity", "cannot read the key file " + e.identity());
        }
        try {
            return resolveSsh(e.address(), e.user(), e.port(), e.identity(), e.knownHosts(), e.proxyJump(), config, 0);
        } catch (IllegalArgumentException ex) {
            problems.add(at, ex.getMessage());
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
        String address = s.hostName() != null ? s.hostName() : alias;
        int resolvedPort = port != null ? port : s.port() != null ? s.port() : 22;
        String resolvedUser = user != null ? user : s.user() != null ? s.user() : System.getProperty("user.name");
        List<Path> keys = new ArrayList<>();
        if (identity != null) {
            keys.add(Path.of(identity));
        } else {
            s.identityFiles().forEach(f -> keys.add(Path.of(SshConfig.tokens(f, alias, address, resolvedPort,
                    resolvedUser))));
        }
        if (keys.isEmpty()) {
            // ssh's defaults: every one of them that exists, or the first to name in a message
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                if (Files.exists(home.resolve(name))) {
                    keys.add(home.resolve(name));
                }
            }
            if (keys.isEmpty()) {
                keys.add(home.resolve("id_ed25519"));
            }
        }
        String kh = knownHosts != null ? knownHosts
                : SshConfig.tokens(s.knownHostsFile(), alias, address, resolvedPort, resolvedUser);
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
                jump = new Matrix.Ssh(next.address(), next.port(), next.user(), next.identities(), next.knownHosts(), jump);
            }
        }
        return new Matrix.Ssh(address, resolvedPort, resolvedUser, List.copyOf(keys), knownHostsPath, jump);
    }

    private static final java.util.regex.Pattern JUMP = java.util.regex.Pattern.compile("(?:([^@]+)@)?([^:@]+)(?::(\\d+))?");
}
