package bitbisect.writer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.writer.event.Event;
import bitbisect.writer.io.OpenFlags;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves from the kernel's own record (/proc/self/fdinfo flags, as reported in the iteration
 * event) that each mode opens the file with the intended flags and without the others.
 */
class OpenFlagsProofTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "sync {0} opens with {1}")
    @CsvSource({
        "buffered, ''",
        "fsync,    ''",
        "osync,    O_SYNC",
        "odsync,   O_DSYNC",
        "direct,   O_DIRECT",
    })
    void writeModesOpenWithTheirFlag(String sync, String flag) {
        Writer run = Writer.run("run", "--path", dir.resolve("f.bin").toString(), "--size", "64KiB", "--sync", sync);

        assertEquals(0, run.exit(), run.stderr());
        OpenFlags flags = run.only(Event.Iteration.class).writeFlags();
        assertTrue(flags.has("O_WRONLY"), flags.toString());
        for (String f : new String[] {"O_SYNC", "O_DSYNC", "O_DIRECT"}) {
            assertEquals(f.equals(flag), flags.has(f), sync + " " + flags);
        }
    }

    @ParameterizedTest(name = "readback {0}")
    @CsvSource({"cached, false", "direct, true"})
    void readbackModesOpenWithTheirFlag(String readback, boolean direct) {
        Writer run = Writer.run("run", "--path", dir.resolve("f.bin").toString(), "--size", "64KiB",
                "--readback", readback);

        OpenFlags flags = run.only(Event.Iteration.class).readFlags();
        assertTrue(flags.has("O_RDONLY"), flags.toString());
        assertEquals(direct, flags.has("O_DIRECT"), flags.toString());
        assertFalse(flags.has("O_SYNC") || flags.has("O_DSYNC"), flags.toString());
    }
}
