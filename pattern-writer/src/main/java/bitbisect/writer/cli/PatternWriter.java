package bitbisect.writer.cli;

import bitbisect.cli.CliSupport;
import bitbisect.writer.event.WriterCommand;
import bitbisect.writer.facts.FactsCollector;
import bitbisect.writer.io.Evidence;
import bitbisect.writer.io.ReadbackMode;
import bitbisect.writer.io.SyncMode;
import bitbisect.writer.units.ByteSize;
import bitbisect.writer.units.DurationText;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/** Entry point of the pattern-writer jar. */
public final class PatternWriter implements Runnable {

    static final int EXIT_INTERNAL = 4;

    private final CommandSpec spec = CommandSpecs.command(this, new String[] {
        "Writes a known 64-bit pattern to a file, reads it back and reports every word that came back"
                + " wrong: its file offset, the expected and actual word and the XOR mask of flipped bits.",
        "",
        "stdout carries JSON Lines (one event per line: start, iteration, corruption, size_mismatch, stall,"
                + " error, end); stderr carries messages for people.",
    },
        "  0  clean: every word read back as written",
        "  1  corrupt: at least one wrong word, or the file came back with the wrong length",
        "  2  usage error: nothing was written",
        "  3  I/O error (ENOSPC, EIO, ESTALE, permission...): reported as an error event, never as corruption",
        "  4  internal error: a bug in pattern-writer; please report it with the stack trace",
        "",
        "Example: pattern-writer run --path /mnt/nfs/bb/test.bin --size 64MiB --sync buffered --iterations 500");

    private PatternWriter() {
        spec.name("pattern-writer");
        spec.usageMessage().footerHeading("%nExit codes:%n");
        CommandSpecs.helpOptions(spec);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: run, write, verify or facts");
    }

    /** The commands, in the order help lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put(WriterCommand.RUN.label(), () -> new RunCommand().spec);
        commands.put(WriterCommand.WRITE.label(), () -> new WriteCommand().spec);
        commands.put(WriterCommand.VERIFY.label(), () -> new VerifyCommand().spec);
        commands.put("facts", () -> new FactsCommand().spec);
        commands.put("help", CommandLine.HelpCommand::new);
        return commands;
    }

    public static void main(String[] args) {
        if (namesOneCommand(args)) {
            // every command reports the host's facts: read them while the command line is parsed
            FactsCollector.readHostAhead();
        }
        System.exit(commandLine(args).execute(args));
    }

    private static boolean namesOneCommand(String[] args) {
        return args.length > 0 && COMMANDS.containsKey(args[0]) && !args[0].equals("help");
    }

    /** The configured command line with every command, for the tests and for help. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for these arguments. When the first argument names a command,
     * only that command is modelled (what the runner calls on every host, many times a sweep);
     * otherwise all of them, with picocli's help command.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cmd = new CommandLine(new PatternWriter().spec);
        boolean one = namesOneCommand(args);
        COMMANDS.forEach((name, command) -> {
            if (!one || name.equals(args[0])) {
                cmd.addSubcommand(name, command.get());
            }
        });
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
}
