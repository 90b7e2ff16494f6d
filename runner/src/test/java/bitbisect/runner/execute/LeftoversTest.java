package bitbisect.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The leftover writers of lost connections, ended in real process groups of this machine by the same script a host runs. */
class LeftoversTest {

    /** Runs the command with sh here, as a host's shell would. */
    private static final Leftovers.Shell HERE = command -> {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return out;
    };

    /** A process group of its own (setsid) whose command line names {@code file}, as a writer's does: its pid leads it. */
    private static Process group(String file, boolean ignoreTerm) throws IOException {
        String body = (ignoreTerm ? "trap '' TERM; " : "") + "sleep 300 & wait; sleep 300";
        return new ProcessBuilder("setsid", "sh", "-c", body, file).start();
    }

    @Test
    void aWriterOfTheLostAttemptIsEndedWithItsWholeGroup() throws Exception {
        Leftovers leftovers = new Leftovers();
        Process writer = group("bitbisect-c7-r1.bin", false);
        waitForChild(writer);
        leftovers.lost("h1", writer.pid(), List.of("java", "-jar", "w.jar", "run", "--path", "/mnt/x/bitbisect-c7-r1.bin"));
        assertTrue(leftovers.any("h1"));

        List<String> said = leftovers.end("h1", HERE);

        assertEquals(List.of("ended the writer of bitbisect-c7-r1.bin (process group " + writer.pid()
                + ") left running by the lost connection"), said);
        assertTrue(writer.waitFor(5, TimeUnit.SECONDS));
        assertEquals("", living(writer.pid()), "the whole group ended (its child too)");
        assertFalse(leftovers.any("h1"));
        assertEquals(List.of(), leftovers.end("h1", HERE), "each one is ended once");
    }

    @Test
    void oneThatIgnoresTermIsKilled() throws Exception {
        Leftovers leftovers = new Leftovers();
        Process writer = group("bitbisect-c8-r1.bin", true);
        waitForChild(writer);
        leftovers.lost("h1", writer.pid(), List.of("run", "--path", "bitbisect-c8-r1.bin"));

        List<String> said = leftovers.end("h1", HERE);

        assertTrue(said.get(0).startsWith("ended the writer of bitbisect-c8-r1.bin"), said.toString());
        assertTrue(writer.waitFor(5, TimeUnit.SECONDS));
    }

    @Test
    void aGroupThatNoLongerNamesTheFileIsLeftAlone() throws Exception {
        Leftovers leftovers = new Leftovers();
        Process other = group("something-else", false);
        try {
            waitForChild(other);
            // The writer ended and the host gave its pid to another group: that one is not ours.
            leftovers.lost("h1", other.pid(), List.of("run", "--path", "/mnt/x/bitbisect-c9-r1.bin"));

            List<String> said = leftovers.end("h1", HERE);

            assertEquals(List.of("the writer of bitbisect-c9-r1.bin whose connection was lost had already ended"), said);
            assertTrue(other.isAlive(), "another process group is never signalled");
        } finally {
            other.descendants().forEach(ProcessHandle::destroyForcibly);
            other.destroyForcibly();
        }
    }

    @Test
    void commandsWithoutAFileOrAPidLeaveNothingBehind() {
        Leftovers leftovers = new Leftovers();
        leftovers.lost("h1", 4242, List.of("mkdir", "-p", "--", "/mnt/x"));
        leftovers.lost("h1", -1, List.of("run", "--path", "/mnt/x/f.bin")); // its pid never arrived
        assertFalse(leftovers.any("h1"));
    }

    private static void waitForChild(Process p) throws InterruptedException {
        for (int i = 0; i < 200 && p.descendants().findAny().isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertTrue(p.descendants().findAny().isPresent(), "the group's child started");
    }

    /** The processes of {@code group} still alive (a zombie is not: only its parent's wait is left, and this machine's init may never reap it). */
    private static String living(long group) throws IOException {
        return HERE.stdout("ps -eo pgid=,pid=,stat= | awk '$1==" + group + " && $3 !~ /^Z/'").strip();
    }
}
