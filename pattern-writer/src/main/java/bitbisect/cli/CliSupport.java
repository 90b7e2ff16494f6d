package bitbisect.cli;

import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** What every bitbisect command line shares: how a mistake is reported, how values convert, the version. */
public final class CliSupport {

    public static final int EXIT_USAGE = 2;

    private CliSupport() {
    }

    /** One line that says what is wrong and how to fix it, one line that says where help is; exit 2. */
    public static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        // "Did you mean: sweep?" for a mistyped command or option (swep, --result).
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println(e instanceof Hinted h ? h.hint
                : "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return EXIT_USAGE;
    }

    /** A usage error whose next step is not the options (a matrix file's mistakes): it names its own. */
    public static final class Hinted extends CommandLine.ParameterException {

        private final String hint;

        public Hinted(CommandLine cmd, String message, String hint) {
            super(cmd, message);
            this.hint = hint;
        }
    }

    /** A converter whose IllegalArgumentException message becomes picocli's "Invalid value" text. */
    public static <T> ITypeConverter<T> converter(Function<String, T> parse) {
        return text -> {
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
    }

    /**
     * The version in the jar manifest of {@code type}'s package, with the commit it was built from
     * ("0.1.0+1a2b3c4d"); "dev" when run from classes. Built outside a git checkout, the commit
     * is unknown and left out.
     */
    public static String version(Class<?> type) {
        String v = type.getPackage().getImplementationVersion();
        if (v == null) {
            return "dev";
        }
        return v.contains("${") ? v.substring(0, v.indexOf('+')) : v;
    }
}
