package bitbisect.runner.matrix;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The parts of OpenSSH client configs that say how to reach a host: HostName, User, Port,
 * IdentityFile, UserKnownHostsFile and ProxyJump, read as ssh(1) reads them:
 * <ul>
 *   <li>the first value found for a keyword wins, except IdentityFile, whose values add up (each
 *       key is offered in turn);</li>
 *   <li>{@code Host} lines take patterns with {@code *}, {@code ?} and {@code !} negation, and
 *       lines before the first {@code Host} apply to all;</li>
 *   <li>{@code Include} reads other files in place (globs allowed; a relative path is under
 *       ~/.ssh for a user config, /etc/ssh for the system one);</li>
 *   <li>the tokens %h (the host name), %n (the name as given), %p, %r (remote user), %u (local
 *       user), %d (home) and %% are expanded in IdentityFile and UserKnownHostsFile, %h and %% in
 *       HostName.</li>
 * </ul>
 * {@code Match} blocks are evaluated in place, in one pass as {@code ssh -G} does its final one:
 * criteria {@code all}, {@code host} (the host name as resolved so far), {@code originalhost},
 * {@code user} (the remote user as resolved so far), {@code localuser} and {@code final} match as
 * in ssh, each negatable with {@code !}, all of a line's criteria together; {@code canonical},
 * {@code exec}, {@code localnetwork} and {@code tagged} are not evaluated and never match.
 *
 * <pre>
 * Host r630-*
 *     User root
 *     ProxyJump bastion
 * Host r630-a
 *     HostName 10.1.2.3
 * </pre>
 * gives r630-a the address 10.1.2.3, user root, and a hop through bastion.
 */
public final class SshConfig {

    /** Settings found for one host alias; null (or empty) where the configs say nothing. */
    public record Settings(String hostName, String user, Integer port, List<String> identityFiles,
                           String knownHostsFile, String proxyJump) {
    }

    /**
     * One Host or Match block: a Host block has its {@code patterns}, a Match block its
     * {@code criteria} (keyword and pattern list, "!" before a negated keyword); {@code criteria}
     * is null for Host blocks.
     */
    private record Block(List<String> patterns, List<String[]> criteria, Map<String, List<String>> settings) {

        Block(List<String> patterns) {
            this(patterns, null, new HashMap<>());
        }
    }

    /** Match criteria that take a pattern list. */
    private static final List<String> WITH_PATTERNS = List.of("host", "originalhost", "user", "localuser", "exec",
            "localnetwork", "tagged");

    /** Keywords whose values add up over the matching blocks rather than the first winning. */
    private static final List<String> CUMULATIVE = List.of("identityfile");
    private static final int MAX_INCLUDE_DEPTH = 16;

    private final List<Block> blocks;

    private SshConfig(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static SshConfig empty() {
        return new SshConfig(List.of());
    }

    /** Reads {@code file} (a missing file is an empty config); relative Includes are under {@code includeBase}. */
    public static SshConfig read(Path file, Path includeBase) throws IOException {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block(List.of("*")));
        if (Files.exists(file)) {
            parseInto(Files.readAllLines(file), includeBase, blocks, 0);
        }
        return new SshConfig(blocks);
    }

    /** The user's config, then the system's: ssh's order when no -F is given. */
    public static SshConfig userThenSystem(Path user, Path system) throws IOException {
        List<Block> all = new ArrayList<>(read(user, user.getParent()).blocks);
        all.addAll(read(system, system.getParent()).blocks);
        return new SshConfig(all);
    }

    public static SshConfig parse(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block(List.of("*")));
        try {
            parseInto(lines, Path.of(System.getProperty("user.home"), ".ssh"), blocks, 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new SshConfig(blocks);
    }

    private static void parseInto(List<String> lines, Path includeBase, List<Block> blocks, int depth)
            throws IOException {
        if (depth > MAX_INCLUDE_DEPTH) {
            throw new IOException("Include nests deeper than " + MAX_INCLUDE_DEPTH + " files (a loop?)");
        }
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s*=\\s*|\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            Block current = blocks.get(blocks.size() - 1);
            switch (key) {
                case "host" -> blocks.add(new Block(List.of(value.split("\\s+"))));
                case "match" -> blocks.add(new Block(List.of(), criteria(value, raw), new HashMap<>()));
                case "include" -> {
                    for (String pattern : value.split("\\s+")) {
                        for (Path file : expandInclude(expandHome(pattern), includeBase)) {
                            parseInto(Files.readAllLines(file), includeBase, blocks, depth + 1);
                        }
                    }
                    // Lines after an Include belong to the block it appeared in, as in ssh.
                    if (blocks.get(blocks.size() - 1) != current) {
                        blocks.add(new Block(current.patterns(), current.criteria(), new HashMap<>()));
                    }
                }
                default -> current.settings().computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
    }

    /** The criteria of a Match line, each as {keyword, pattern list}; a keyword ssh does not know is an error. */
    private static List<String[]> criteria(String value, String line) throws IOException {
        List<String[]> out = new ArrayList<>();
        // Words split at blanks outside double quotes: Match exec "test -e /x" is two words.
        String[] words = java.util.regex.Pattern.compile("\"[^\"]*\"|\\S+").matcher(value).results()
                .map(java.util.regex.MatchResult::group).toArray(String[]::new);
        for (int i = 0; i < words.length; i++) {
            String word = words[i].toLowerCase(Locale.ROOT);
            String keyword = word.startsWith("!") ? word.substring(1) : word;
            if (WITH_PATTERNS.contains(keyword)) {
                if (i + 1 == words.length) {
                    throw new IOException("\"" + line.strip() + "\": Match " + keyword + " needs a pattern");
                }
                out.add(new String[] {word, unquote(words[++i])});
            } else if (List.of("all", "canonical", "final").contains(keyword)) {
                out.add(new String[] {word, null});
            } else {
                throw new IOException("\"" + line.strip() + "\": unknown Match criterion " + words[i]);
            }
        }
        return out;
    }

    /** Whether a Match block applies, given what is resolved so far. */
    private static boolean matches(List<String[]> criteria, String alias, String hostName, String user) {
        for (String[] c : criteria) {
            boolean negated = c[0].startsWith("!");
            String keyword = negated ? c[0].substring(1) : c[0];
            List<String> patterns = c[1] == null ? List.of() : List.of(c[1].split(","));
            boolean hit = switch (keyword) {
                case "all", "final" -> true;
                case "host" -> matches(patterns, hostName);
                case "originalhost" -> matches(patterns, alias);
                case "user" -> matches(patterns, user);
                case "localuser" -> matches(patterns, System.getProperty("user.name"));
                default -> false; // canonical, exec, localnetwork, tagged: not evaluated
            };
            if (hit == negated) {
                return false;
            }
        }
        return true;
    }

    /** The files an Include names, in name order; a pattern that matches nothing reads nothing, as in ssh. */
    private static List<Path> expandInclude(String pattern, Path base) throws IOException {
        Path p = base.resolve(pattern);
        Path dir = p.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> matcher.matches(f.getFileName()) && Files.isRegularFile(f)).sorted().toList();
        }
    }

    /** What the configs say for {@code alias}. */
    public Settings resolve(String alias) {
        Map<String, String> first = new HashMap<>();
        List<String> identities = new ArrayList<>();
        for (Block b : blocks) {
            boolean applies = b.criteria() == null ? matches(b.patterns(), alias)
                    : matches(b.criteria(), alias, hostName(first.get("hostname"), alias),
                    first.getOrDefault("user", System.getProperty("user.name")));
            if (applies) {
                b.settings().forEach((k, values) -> {
                    if (CUMULATIVE.contains(k)) {
                        identities.addAll(values);
                    } else {
                        first.putIfAbsent(k, values.get(0));
                    }
                });
            }
        }
        String port = first.get("port");
        String hostName = first.get("hostname") == null ? null : hostName(first.get("hostname"), alias);
        return new Settings(hostName, first.get("user"), port == null ? null : Integer.valueOf(port),
                identities.stream().map(SshConfig::expandHome).toList(), expandHome(first.get("userknownhostsfile")),
                first.get("proxyjump"));
    }

    /** HostName with %h and %% expanded; the alias itself when there is none. */
    private static String hostName(String value, String alias) {
        return value == null ? alias : value.replace("%%", "\u0000").replace("%h", alias).replace("\u0000", "%");
    }

    /** Expands ssh's tokens in a path-like value (IdentityFile, UserKnownHostsFile). */
    public static String tokens(String value, String alias, String hostName, int port, String remoteUser) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%' || i + 1 == value.length()) {
                out.append(c);
                continue;
            }
            char t = value.charAt(++i);
            out.append(switch (t) {
                case 'h' -> hostName;
                case 'n' -> alias;
                case 'p' -> Integer.toString(port);
                case 'r' -> remoteUser;
                case 'u' -> System.getProperty("user.name");
                case 'd' -> System.getProperty("user.home");
                case '%' -> "%";
                default -> "%" + t;
            });
        }
        return out.toString();
    }

    private static boolean matches(List<String> patterns, String alias) {
        boolean any = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            boolean hit = glob(negated ? p.substring(1) : p).matcher(alias).matches();
            if (hit && negated) {
                return false;
            }
            any |= hit && !negated;
        }
        return any;
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static String expandHome(String path) {
        if (path == null) {
            return null;
        }
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}
