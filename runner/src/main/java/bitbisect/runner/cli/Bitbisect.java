package bitbisect.runner.cli;

import bitbisect.cli.CliSupport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the bitbisect runner. */
@Command(name = "bitbisect",
        mixinStandardHelpOptions = true,
        versionProvider = Bitbisect.Version.class,
        usageHelpAutoWidth = true,
        description = {
            "Runs the pattern writer over every cell of a matrix (hosts x storage x sync mode x size x ...),"
                    + " keeps every result, and says which factors explain the corruption.",
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  every run clean",
            "  1  corruption found",
            "  2  usage or matrix error, or no such sweep: nothing ran",
            "  3  some runs ended in error, hung or unreachable, the store is damaged, or the results could not be"
                    + " written, such as a full disk (and none corrupt)",
            "  4  internal error: a bug in bitbisect (please report it with the stack trace)",
            "",
            "Start with: bitbisect cells matrix.yaml    then: bitbisect sweep matrix.yaml",
            "Tab completion in bash and zsh: source <(bitbisect generate-completion)",
        })
public final class Bitbisect implements Runnable {

    static final int EXIT_CLEAN = 0;
    static final int EXIT_CORRUPT = 1;
    static final int EXIT_USAGE = CliSupport.EXIT_USAGE;
    static final int EXIT_INCOMPLETE = 3;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: cells, check, sweep, bisect, rerun, status, cube or report");
    }

    /** The commands, in the order help lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("cells", CellsCommand::new);
        commands.put("check", CheckCommand::new);
        commands.put("sweep", SweepCommand::new);
        commands.put("bisect", BisectCommand::new);
        commands.put("rerun", RerunCommand::new);
        commands.put("status", StatusCommand::new);
        commands.put("cube", CubeCommand::new);
        commands.put("report", ReportCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        commands.put("generate-completion", picocli.AutoComplete.GenerateCompletion::new);
        return commands;
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The command line with every command, for help, completion and the tests. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for these arguments. Each command's model is read from its annotations,
     * about 0.1 s for all of them: when the first argument names a command other than help or
     * completion, only that one is modelled; anything else (help, a mistyped command) gets all.
     */
    static CommandLine commandLine(String[] args) {
        boolean one = args.length > 0 && COMMANDS.containsKey(args[0]) && !args[0].equals("help")
                && !args[0].equals("generate-completion");
        CommandLine cmd = new CommandLine(new Bitbisect());
        COMMANDS.forEach((name, command) -> {
            if (!one || name.equals(args[0])) {
                cmd.addSubcommand(name, command.get());
            }
        });
        cmd.setParameterExceptionHandler(CliSupport::usageError);
        cmd.setExecutionExceptionHandler((e, c, parseResult) -> {
            PrintWriter err = c.getErr();
            if (e instanceof bitbisect.runner.store.SweepInUse || e instanceof NoSuchSweep) {
                err.println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                err.flush();
                return EXIT_USAGE; // nothing ran
            }
            if (e instanceof java.io.IOException) {
                err.println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                err.flush();
                return EXIT_INCOMPLETE;
            }
            err.println(c.getCommandSpec().qualifiedName() + ": internal error: " + e);
            e.printStackTrace(err);
            err.flush();
            return 4;
        });
        return cmd;
    }

    public static String version() {
        return CliSupport.version(Bitbisect.class);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bitbisect " + version()};
        }
    }
}
