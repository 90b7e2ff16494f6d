package bitbisect.runner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writers whose output cannot be true, as scripts a variant names as its {@code java}: junk (a
 * line of {@code junkBytes} between a valid start and a clean end), quiet (a corruption event
 * under a clean end), far (a corrupt word outside the file) and garbage (control characters on
 * stderr and no end). Each run of one is an error, never evidence.
 */
final class HostileWriters {

    private HostileWriters() {
    }

    /** Writes the four scripts into {@code dir}: each writer's name and its script, in name order. */
    static Map<String, Path> write(Path dir, long junkBytes) throws IOException {
        String start = "{\"event\":\"start\",\"command\":\"run\"}";
        String iteration = "{\"event\":\"iteration\",\"iteration\":1,\"bytes\":1048576,\"read_ns\":5,\"corrupt_words\":%d}";
        String end = "{\"event\":\"end\",\"status\":\"%s\",\"iterations\":1,\"corrupt_iterations\":%d,"
                + "\"corrupt_words\":%d,\"events_not_printed\":0,\"bytes_written\":1048576,\"bytes_verified\":1048576,"
                + "\"elapsed_ns\":10}";
        String corruption = "{\"event\":\"corruption\",\"iteration\":1,\"offset\":%d,\"expected\":\"0xffffffffffffffff\","
                + "\"actual\":\"0xffffffff00000000\",\"mask\":\"0x00000000ffffffff\",\"bytes\":[0,1,2,3],\"time_ms\":7}";
        Map<String, String> bodies = Map.of(
                "junk", "echo '" + start + "'\necho '" + iteration.formatted(0) + "'\n"
                        + "head -c " + junkBytes + " /dev/zero | tr '\\0' x\necho\necho '" + end.formatted("clean", 0, 0)
                        + "'\nexit 0\n",
                "quiet", "echo '" + start + "'\necho '" + corruption.formatted(8) + "'\necho '" + iteration.formatted(0)
                        + "'\necho '" + end.formatted("clean", 0, 0) + "'\nexit 0\n",
                "far", "echo '" + start + "'\necho '" + corruption.formatted(99_999_999_999_992L) + "'\necho '"
                        + iteration.formatted(1) + "'\necho '" + end.formatted("corrupt", 1, 1) + "'\nexit 1\n",
                "garbage", "printf 'boom\\033]0;owned\\007\\033[2J\\n' >&2\nexit 3\n");
        Map<String, Path> scripts = new TreeMap<>();
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            Path script = dir.resolve(e.getKey() + "-java.sh");
            Files.writeString(script, "#!/bin/sh\n" + e.getValue());
            script.toFile().setExecutable(true);
            scripts.put(e.getKey(), script);
        }
        return scripts;
    }
}
