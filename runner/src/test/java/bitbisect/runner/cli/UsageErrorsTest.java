package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Mistakes on the command line: exit 2, what is wrong, and what was probably meant. */
class UsageErrorsTest {

    @TempDir
    Path dir;

    private record Ran(int exit, String err) {
    }

    private static Ran run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Bitbisect.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        return new Ran(cmd.execute(args), err.toString());
    }

    @Test
    void aMistypedCommandOrOptionGetsASuggestion() {
        Ran command = run("swep");
        assertEquals(2, command.exit());
        assertTrue(command.err().contains("Did you mean: bitbisect sweep"), command.err());
        Ran option = run("status", "--result", dir.toString());
        assertEquals(2, option.exit());
        assertTrue(option.err().contains("Possible solutions: --results"), option.err());
    }

    @Test
    void resultsThatAreAFileAreAUsageErrorForEveryCommand() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "");
        String matrix = Files.writeString(dir.resolve("m.yaml"), "name: m\nhosts: [{name: localhost, storage: {local: "
                + dir + "}}]\naxes: {size: [1MiB]}\n").toString();
        for (String[] args : new String[][] {{"status"}, {"report"}, {"rerun", "some.cell"}, {"sweep", matrix},
                {"bisect", matrix}}) {
            String[] withResults = java.util.Arrays.copyOf(args, args.length + 2);
            withResults[args.length] = "--results";
            withResults[args.length + 1] = file.toString();

            Ran ran = run(withResults);

            assertEquals(2, ran.exit(), String.join(" ", args) + ": " + ran.err());
            assertTrue(ran.err().contains("--results " + file + " is not a directory: give the directory that holds one"
                    + " subdirectory per sweep"), ran.err());
        }
    }

    @Test
    void anUnknownSweepIsAUsageErrorThatListsTheSweepsThereAre() throws Exception {
        Files.createDirectories(dir.resolve("local-1"));
        Files.writeString(dir.resolve("local-1/sweep.json"), "{}");

        Ran ran = run("status", "nosuch", "--results", dir.toString());

        assertEquals(2, ran.exit(), ran.err());
        assertTrue(ran.err().contains("no sweep 'nosuch' in " + dir + "; there are: local-1"), ran.err());
    }
}
