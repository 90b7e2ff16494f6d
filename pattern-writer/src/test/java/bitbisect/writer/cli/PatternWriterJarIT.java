package bitbisect.writer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped jar, run as the runner and users run it: a separate JVM, real exit codes and streams. */
class PatternWriterJarIT {

    private static final String JAR = System.getProperty("writer.jar");

    @TempDir
    Path dir;

    record Result(int exit, String stdout, String stderr) {
        List<Event> events() throws IOException {
            List<Event> events = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (!line.isBlank()) {
                    events.add(EventCodec.parse(line));
                }
            }
            return events;
        }
    }

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pattern-writer finished");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aCleanRunExitsZeroWithOnlyEventsOnStdout() throws Exception {
        Result r = run("run", "--path", dir.resolve("t.bin").toString(), "--size", "1MiB", "--iterations", "2",
                "--sync", "fsync", "--pattern", "offset");

        assertEquals(0, r.exit(), r.stderr());
        List<Event> events = r.events();
        assertTrue(events.get(0) instanceof Event.Start, r.stdout());
        Event.Start start = (Event.Start) events.get(0);
        // the project's version and the commit it was built from (none outside a git checkout)
        assertTrue(start.version().matches("0\\.1\\.0-SNAPSHOT(\\+[0-9a-f]{8})?"), start.version());
        assertEquals("fsync", start.parameters().sync());
        assertTrue(events.get(events.size() - 1) instanceof Event.End);
        assertEquals(2, events.stream().filter(e -> e instanceof Event.Iteration).count());
        assertTrue(r.stderr().contains("clean: 2 iterations"), r.stderr());
    }

    @Test
    void verifyExitsOneOnCorruption() throws Exception {
        Path file = dir.resolve("t.bin");
        assertEquals(0, run("write", "--path", file.toString(), "--size", "64KiB").exit());
        Writer.flip(file, 65536 - 8, 1);

        Result r = run("verify", "--path", file.toString(), "--size", "64KiB");

        assertEquals(1, r.exit());
        assertTrue(r.stdout().contains("\"event\":\"corruption\",\"iteration\":1,\"offset\":65528,"
                + "\"expected\":\"0x0000000000000000\",\"actual\":\"0x0000000000000001\","
                + "\"mask\":\"0x0000000000000001\",\"bytes\":[0],\"time_ms\":"), r.stdout());
        assertTrue(r.stderr().contains("CORRUPT: iteration 1: 1 corrupt word, first at offset 65528"), r.stderr());
    }

    @Test
    void aUsageMistakeIsExitTwoWithoutAStackTrace() throws Exception {
        Result r = run("run", "--path", dir.resolve("t.bin").toString(), "--size", "100");

        assertEquals(2, r.exit());
        assertEquals("", r.stdout());
        assertFalse(r.stderr().contains("at bitbisect"), r.stderr());
        assertEquals(2, r.stderr().lines().count(), r.stderr());
    }

    @Test
    void anIoErrorIsExitThree() throws Exception {
        Result r = run("verify", "--path", dir.resolve("absent.bin").toString());

        assertEquals(3, r.exit());
        assertTrue(r.stdout().contains("\"event\":\"error\""), r.stdout());
        assertTrue(r.stderr().contains("No such file or directory (ENOENT)"), r.stderr());
    }

    @Test
    void helpTeachesTheCommandsAndExitCodes() throws Exception {
        Result top = run("--help");
        assertEquals(0, top.exit());
        for (String word : new String[] {"run", "write", "verify", "facts", "Exit codes:", "I/O error"}) {
            assertTrue(top.stdout().contains(word), word + " in\n" + top.stdout());
        }
        Result runHelp = run("run", "--help");
        for (String word : new String[] {"--sync", "O_DSYNC", "--readback", "--keep", "--max-events", "--stall",
            "64MiB"}) {
            assertTrue(runHelp.stdout().contains(word), word + " in\n" + runHelp.stdout());
        }
    }

    @Test
    void factsDescribeTheTargetFilesystem() throws Exception {
        Result r = run("facts", "--path", dir.toString());

        assertEquals(0, r.exit(), r.stderr());
        JsonNode facts = EventCodec.mapper().readTree(r.stdout());
        assertFalse(facts.path("host").path("kernel").asText().isEmpty(), r.stdout());
        assertEquals(dir.toRealPath().toString(), facts.path("target").path("real_path").asText());
        assertFalse(facts.path("target").path("fs_type").asText().isEmpty(), r.stdout());
    }
}
