package bitbisect.runner.probe;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Quotes arguments for the remote shell that runs an SSH command: every argument in single
 * quotes, with embedded single quotes as {@code '\''}. A path such as
 * {@code /mnt/a b/it's $(x);y} reaches the program as one argument, unexpanded.
 */
public final class ShellQuote {

    private ShellQuote() {
    }

    public static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    public static String command(List<String> argv) {
        return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("(~/)?[A-Za-z0-9_./=:,+@%-]+");

    /**
     * The same command for a person to read and paste: only arguments that need it are quoted,
     * and a leading {@code ~/} is left for the shell to expand.
     */
    public static String readable(List<String> argv) {
        return argv.stream().map(a -> PLAIN.matcher(a).matches() ? a : quote(a)).collect(Collectors.joining(" "));
    }
}
