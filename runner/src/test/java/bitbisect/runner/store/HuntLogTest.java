package bitbisect.runner.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuntLogTest {

    @TempDir
    Path dir;

    private static HuntLog.Entry round(int n) {
        return new HuntLog.Entry(n, "2026-01-01T00:00:00Z", HuntLog.Kind.SEPARATE, "ambiguous",
                List.of(new HuntLog.Leading("kernel=5.1", 0.6)),
                List.of(new HuntLog.ChosenRun("c1", n, 16, 2.5, 0.4, "separates")), 100L * n, 10.0 * n, null);
    }

    @Test
    void aLineTornByACrashIsSkippedAndTheNextRoundStartsOnALineOfItsOwn() throws Exception {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.logHunt(round(1));
            // a crash in the middle of appending round 2
            Files.writeString(dir.resolve("bisect.jsonl"), "{\"round\":2,\"time\":\"2026", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            assertEquals(List.of(round(1)), store.hunt(), "the torn round is decided again");

            store.logHunt(round(2));

            assertEquals(List.of(round(1), round(2)), store.hunt());
            List<String> lines = Files.readAllLines(dir.resolve("bisect.jsonl"));
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.get(2).startsWith("{\"round\":2,\"time\":\"2026-01-01T00:00:00Z\",\"kind\":\"separate\""),
                    lines.get(2));
        }
    }

    @Test
    void aSweepThatIsNoHuntHasNoDecisions() throws Exception {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            assertEquals(List.of(), store.hunt());
        }
    }
}
