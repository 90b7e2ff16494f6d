package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** bisect refuses what it cannot use before anything runs: exit 2, the option named, nothing written. */
class BisectOptionsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--budget|5x|--budget: '5x' is not a duration",
        "--budget|0|--budget 0: at least 1 iteration",
        "--confidence|1|--confidence 1.0: give a support between 0.5 and 1",
        "--screen-iterations|0|--screen-iterations 0: must be at least 1",
    })
    void aBadOptionIsAUsageErrorAndNothingRuns(String option, String value, String message) throws Exception {
        Path matrix = dir.resolve("m.yaml");
        Files.writeString(matrix, "name: m\nhosts: [{name: localhost, storage: {local: " + dir.resolve("w") + "}}]\n"
                + "axes: {sync: [buffered], size: [1MiB]}\n");
        StringWriter err = new StringWriter();
        CommandLine cmd = Bitbisect.commandLine();
        cmd.setErr(new PrintWriter(err));

        int exit = cmd.execute("bisect", matrix.toString(), "--results", dir.resolve("results").toString(), option,
                value);

        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains(message), err.toString());
        assertFalse(Files.exists(dir.resolve("results")), "nothing written");
    }
}
