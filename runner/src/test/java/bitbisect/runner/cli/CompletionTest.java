package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompletionTest {

    @Test
    void theCompletionScriptKnowsEveryCommandAndTheirOptions() {
        StringWriter out = new StringWriter();
        CommandLine cmd = Bitbisect.commandLine();
        cmd.setOut(new PrintWriter(out));

        assertEquals(0, cmd.execute("generate-completion"));

        String script = out.toString();
        assertTrue(script.contains("function _complete_bitbisect()"), script);
        for (String word : new String[] {"cells", "check", "sweep", "bisect", "rerun", "status", "cube", "report",
                "--budget", "--confidence", "--where", "--results"}) {
            assertTrue(script.contains(word), word);
        }
    }
}
