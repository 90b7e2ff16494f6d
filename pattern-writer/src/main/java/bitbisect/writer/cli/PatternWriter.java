package bitbisect.writer.cli;

import bitbisect.cli.CliSupport;
import bitbisect.writer.io.Evidence;
import bitbisect.writer.io.ReadbackMode;
import bitbisect.writer.io.SyncMode;
import bitbisect.writer.units.ByteSize;
import bitbisect.writer.units.DurationText;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the pattern-writer jar. */
@Command(name = "pattern-writer",
        mixinStandardHelpOptions = true,
        versionProvider = PatternWriter.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        subcommands = {RunCommand.class, WriteCommand.class, VerifyCommand.class, FactsCommand.class,
                CommandLine.HelpCommand.class},
        description = {
            "Writes a known 64-bit pattern to a file, reads it back and reports every word that came back"
                    + " wrong: its file offset, the expected and actual word and the XOR mask of flipped bits.",
            "",
            "stdout carries JSON Lines (one event per line: start, iteration, corruption, size_mismatch, stall,"
                    + " error, end); stderr carries messages for people.",
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  clean: every word read back as written",
            "  1  corrupt: at least one wrong word, or the file came back with the wrong length",
            "  2  usage error: nothing was written",
            "  3  I/O error (ENOSPC, EIO, ESTALE, permission...): reported as an error event, never as corruption",
            "  4  internal error: a bug in pattern-writer; please report it with the stack trace",
            "",
            "Example: pattern-writer run --path /mnt/nfs/bb/test.bin --size 64MiB --sync buffered --iterations 500",
        })
public final class PatternWriter implements Runnable {

    static final int EXIT_INTERNAL = 4;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: run, write, verify or facts");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by main and the tests. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new PatternWriter());
        cmd.registerConverter(ByteSize.class, CliSupport.converter(ByteSize::parse));
        cmd.registerConverter(Duration.class, CliSupport.converter(DurationText::parse));
        cmd.registerConverter(SyncMode.class, CliSupport.converter(SyncMode::parse));
        cmd.registerConverter(ReadbackMode.class, CliSupport.converter(ReadbackMode::parse));
        cmd.registerConverter(Evidence.Keep.class, CliSupport.converter(Evidence.Keep::parse));
        cmd.setParameterExceptionHandler(CliSupport::usageError);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandName() + ": internal error: " + e);
            e.printStackTrace(err);
            err.flush();
            return EXIT_INTERNAL;
        });
        return cmd;
    }

    /** The version from the jar manifest; "dev" when run from classes. */
    public static String version() {
        return CliSupport.version(PatternWriter.class);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pattern-writer " + version(), "Java " + System.getProperty("java.runtime.version")};
        }
    }
}
