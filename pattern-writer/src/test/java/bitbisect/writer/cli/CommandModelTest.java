package bitbisect.writer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** A run builds the model of its one command only; what users see must not change for it. */
class CommandModelTest {

    @ParameterizedTest
    @ValueSource(strings = {"run", "write", "verify", "facts"})
    void aCommandsHelpIsTheSameFromItsOwnModelAndFromTheWholeOne(String command) {
        String[] args = {command, "--help"};
        assertEquals(1, PatternWriter.commandLine(args).getSubcommands().size());
        String alone = output(PatternWriter.commandLine(args), args);
        assertEquals(output(PatternWriter.commandLine(), args), alone);
        assertTrue(alone.startsWith("Usage: pattern-writer " + command + " "), alone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "help", "rnu", "--version"})
    void anythingButACommandGetsEveryCommand(String first) {
        assertEquals(5, PatternWriter.commandLine(new String[] {first}).getSubcommands().size());
    }

    private static String output(CommandLine cmd, String[] args) {
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        cmd.execute(args);
        return out.toString();
    }
}
