package bitbisect.runner.matrix;

/**
 * The one rule for names that become file names, directory names and cell ids: sweeps, hosts,
 * storage kinds and variants. A letter or digit first (so no name reads as a command-line option
 * or a hidden file), then letters, digits, '.', '_' and '-'; no '/', no "..", no spaces or shell
 * characters; at most 64 characters. {@code r630-a}, {@code node12.cluster}, {@code nfs_v4} pass;
 * {@code ../../x}, {@code -rf} and {@code a b} do not.
 */
public final class Names {

    private static final java.util.regex.Pattern SAFE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private Names() {
    }

    public static boolean isSafe(String name) {
        return name != null && SAFE.matcher(name).matches() && !name.contains("..");
    }

    /** The problem with {@code name} as a {@code what} ("host name"), or null when it is fine. */
    static String problem(String what, String name) {
        if (isSafe(name)) {
            return null;
        }
        return what + " \"" + name + "\" may hold only letters, digits, '.', '_' and '-', must start with a letter"
                + " or digit, must not contain \"..\" and is at most 64 characters (it names files in the results)";
    }
}
