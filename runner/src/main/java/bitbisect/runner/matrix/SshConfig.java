package bitbisect.runner.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parts of an OpenSSH client config (~/.ssh/config) that say how to reach a host:
 * HostName, User, Port, IdentityFile, UserKnownHostsFile and ProxyJump. As in ssh(1), the
 * first value found for a keyword wins, {@code Host} lines take patterns with {@code *},
 * {@code ?} and {@code !} negation, and lines before the first {@code Host} apply to all.
 * {@code Match} blocks and {@code Include} are not read (their settings are ignored).
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

    /** Settings found for one host alias; null where the config says nothing. */
    public record Settings(String hostName, String user, Integer port, String identityFile, String knownHostsFile,
                           String proxyJump) {
    }

    private record Block(List<String> patterns, Map<String, String> settings) {
    }

    private final List<Block> blocks;

    private SshConfig(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static SshConfig empty() {
        return new SshConfig(List.of());
    }

    /** Reads {@code file}; a missing file is an empty config. */
    public static SshConfig read(Path file) throws IOException {
        return Files.exists(file) ? parse(Files.readAllLines(file)) : empty();
    }

    public static SshConfig parse(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        Block current = new Block(List.of("*"), new HashMap<>());
        blocks.add(current);
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s*=\\s*|\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            if (key.equals("host")) {
                current = new Block(List.of(value.split("\\s+")), new HashMap<>());
                blocks.add(current);
            } else if (key.equals("match")) {
                current = new Block(List.of(), new HashMap<>()); // never matches: Match is not evaluated
                blocks.add(current);
            } else {
                current.settings().putIfAbsent(key, value);
            }
        }
        return new SshConfig(blocks);
    }

    /** What the config says for {@code alias}, the first value of each keyword winning. */
    public Settings resolve(String alias) {
        Map<String, String> found = new HashMap<>();
        for (Block b : blocks) {
            if (matches(b.patterns(), alias)) {
                b.settings().forEach(found::putIfAbsent);
            }
        }
        String port = found.get("port");
        return new Settings(found.get("hostname"), found.get("user"), port == null ? null : Integer.valueOf(port),
                expandHome(found.get("identityfile")), expandHome(found.get("userknownhostsfile")),
                found.get("proxyjump"));
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
