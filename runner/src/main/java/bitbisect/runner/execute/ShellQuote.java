package bitbisect.runner.execute;

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
}
