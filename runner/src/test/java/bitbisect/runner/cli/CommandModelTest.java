package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** A command models itself only; what users see must not change for it. */
class CommandModelTest {

    @ParameterizedTest
    @ValueSource(strings = {"cells", "check", "sweep", "bisect", "rerun", "status", "cube", "report"})
    void aCommandsHelpIsTheSameFromItsOwnModelAndFromTheWholeOne(String command) {
        String[] args = {command, "--help"};
        assertEquals(1, commands(Bitbisect.commandLine(args)));
        String alone = output(Bitbisect.commandLine(args), args);
        assertEquals(output(Bitbisect.commandLine(), args), alone);
        assertTrue(alone.startsWith("Usage: bitbisect " + command + " "), alone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "help", "generate-completion", "swep", "--version"})
    void anythingButACommandGetsEveryCommand(String first) {
        assertEquals(10, commands(Bitbisect.commandLine(new String[] {first})));
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "hosts"})
    void anAliasStillNamesItsCommand(String alias) {
        String[] args = {alias, "--help"};
        String help = output(Bitbisect.commandLine(args), args);
        assertTrue(help.startsWith("Usage: bitbisect " + (alias.equals("validate") ? "cells" : "check") + " "), help);
    }

    /** Commands modelled, each once however many names (aliases) it has. */
    private static long commands(CommandLine cmd) {
        return cmd.getSubcommands().values().stream().distinct().count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"swep", "reprot"})
    void aMistypedCommandIsAnsweredAsBefore(String typo) {
        String err = output(Bitbisect.commandLine(new String[] {typo}), new String[] {typo});
        assertTrue(err.contains("Unmatched argument at index 0: '" + typo + "'") && err.contains("Did you mean:"), err);
    }

    private static String output(CommandLine cmd, String[] args) {
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        cmd.execute(args);
        return out.toString();
    }
}
