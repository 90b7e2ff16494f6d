package bitbisect.runner.cli;

import bitbisect.cli.CliSupport;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the bitbisect runner. */
@Command(name = "bitbisect",
        mixinStandardHelpOptions = true,
        versionProvider = Bitbisect.Version.class,
        usageHelpAutoWidth = true,
        subcommands = {CellsCommand.class, CheckCommand.class, SweepCommand.class, BisectCommand.class, RerunCommand.class, StatusCommand.class, CubeCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class, picocli.AutoComplete.GenerateCompletion.class},
        description = {
            "Runs the pattern writer over every cell of a matrix (hosts x storage x sync mode x size x ...),"
                    + " keeps every result, and says which factors explain the corruption.",
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  every run clean",
            "  1  corruption found",
            "  2  usage or matrix error, or no such sweep: nothing ran",
            "  3  some runs ended in error, hung or unreachable, or the store is damaged (and none corrupt)",
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

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Bitbisect());
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
