package bitbisect.writer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventCodec;
import bitbisect.writer.io.IoOperation;
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
        Process p = start(args);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pattern-writer finished");
        return finished(p);
    }

    /** The writer started with its stdout and stderr going to files in the test's directory. */
    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile()).start();
    }

    private Result finished(Process p) throws IOException {
        return new Result(p.exitValue(), Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
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

    /** The shaded jar carries JNA and its Linux stub: a cold read-back runs from it and finds what a cached one does. */
    @Test
    void aColdReadBackDropsThePagesAndVerifiesFromTheJar() throws Exception {
        Path file = dir.resolve("t.bin");
        assertEquals(0, run("write", "--path", file.toString(), "--size", "64KiB").exit());
        Writer.flip(file, 4096, 0xffffffffL);

        Result r = run("verify", "--path", file.toString(), "--size", "64KiB", "--readback", "cold");

        assertEquals(1, r.exit(), r.stderr());
        Event.Start start = (Event.Start) r.events().get(0);
        assertEquals("cold", start.parameters().readback());
        Event.Iteration it = r.events().stream().filter(e -> e instanceof Event.Iteration).map(e -> (Event.Iteration) e)
                .findFirst().orElseThrow();
        assertTrue(it.readFlags() == null || !it.readFlags().names().contains("O_DIRECT"), "a buffered read: " + it);
        assertTrue(r.stdout().contains("\"event\":\"corruption\",\"iteration\":1,\"offset\":4096,"), r.stdout());
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
        for (String command : new String[] {"run", "write", "verify", "facts"}) {
            Result version = run(command, "--version");
            assertEquals(0, version.exit());
            assertTrue(version.stdout().startsWith("pattern-writer 0.1.0-SNAPSHOT"), command + ": " + version.stdout());
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

    /**
     * A mount that stops answering between two calls catches the writer in whatever call comes
     * next; here the delete after the first verified iteration blocks (faultfs block-unlink). The
     * writer says so while it waits, naming the delete, instead of falling silent until killed.
     */
    @Test
    void aDeleteThatHangsIsReportedAsAStallWhileItLasts() throws Exception {
        try (FaultfsMount mount = FaultfsMount.mount(dir, "block-unlink")) {
            Process p = start("run", "--path", mount.dir().resolve("t.bin").toString(), "--size", "64KiB",
                    "--iterations", "3", "--stall", "1s");
            Path out = dir.resolve("stdout");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                // The event comes first, then the line on stderr: wait for both before the kill.
                while (System.nanoTime() < deadline && p.isAlive()
                        && !(Files.readString(out, StandardCharsets.UTF_8).contains("\"event\":\"stall\"")
                        && Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8).contains("stall:"))) {
                    Thread.sleep(50);
                }
                assertTrue(p.isAlive(), "the writer waits in the delete: " + Files.readString(out));
            } finally {
                p.destroyForcibly(); // faultfs answers the killed writer's unlink with EINTR
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed writer ended");
            }
            Result r = finished(p);
            List<Event> events = r.events();
            Event.Stall stall = events.stream().filter(e -> e instanceof Event.Stall).map(e -> (Event.Stall) e)
                    .findFirst().orElseThrow(() -> new AssertionError("no stall reported: " + r.stdout() + r.stderr()));
            assertEquals(IoOperation.DELETE, stall.operation(), r.stdout());
            assertEquals(1, stall.iteration());
            assertTrue(stall.seconds() >= 1.0, r.stdout());
            assertEquals(0, events.stream().filter(e -> e instanceof Event.Iteration).count(),
                    "iteration 1 is not over until its file is deleted: " + r.stdout());
            assertTrue(r.stderr().contains("stall: delete at offset 0 has been running"), r.stderr());
        }
    }

    /**
     * A mount that stopped answering before the writer started: checking the path is already a
     * call that waits. The writer reports it as stalls of operation {@code stat} before any
     * {@code start}, rather than silence until it is killed.
     */
    @Test
    void aMountHungBeforeTheRunIsReportedAsStallsBeforeStart() throws Exception {
        try (FaultfsMount mount = FaultfsMount.mount(dir, "")) {
            mount.freeze();
            Thread.sleep(1500); // past the kernel's attribute cache (1 s): the path's lookup goes to the daemon
            Process p = start("run", "--path", mount.dir().resolve("t.bin").toString(), "--size", "64KiB",
                    "--stall", "1s");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && p.isAlive()
                        && Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8).split("stall:").length < 3) {
                    Thread.sleep(50);
                }
                assertTrue(p.isAlive(), "the writer waits on the mount: " + Files.readString(dir.resolve("stdout")));
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed writer ended");
            }
            Result r = finished(p);
            List<Event> events = r.events();
            assertTrue(events.size() >= 2, r.stdout());
            for (Event e : events) {
                Event.Stall stall = assertInstanceOf(Event.Stall.class, e, "only stalls, no start: " + r.stdout());
                assertEquals(IoOperation.STAT, stall.operation());
                assertEquals(0, stall.iteration());
            }
            assertTrue(((Event.Stall) events.get(1)).seconds() >= 2.0, "reported again at twice --stall: " + r.stdout());
        }
    }
}
