package bitbisect.runner.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    private static final String CELL = "a-rather-long-host-name.local.buffered.64MiB.cached.default.alternating";

    private static RunSummary corrupt() {
        return new RunSummary(CELL, 1, 1, "h", RunStatus.CORRUPT, 1, 3, 1, 2, 3072, 3072, "2026-01-01T00:00:00Z", 1.5,
                List.of(), "2 corrupt words in 1 iteration", List.of(), null, null, null);
    }

    @Test
    void onATerminalEveryRedrawnLineFitsItsWidth() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new Terminal(true, 40), Map.of("h", 2))) {
            p.runStarted("h", CELL, 1);
            p.runFinished(corrupt());
            p.runStarted("h", CELL, 2);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\033[1A"), "redrawn");
        for (String line : out.replace("\033[1A\033[2K", "\n").split("\n")) {
            if (line.startsWith("h ")) {
                assertTrue(line.length() <= 40, "fits in 40 columns: '" + line + "'");
            }
        }
    }

    @Test
    void elsewhereThereAreNoCursorCodesOnlyOneLinePerRun() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new Terminal(false, 80), Map.of("h", 1))) {
            p.runStarted("h", CELL, 1);
            p.runFinished(corrupt());
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\033"), out);
        assertTrue(out.startsWith("[1/1] " + CELL + " run 1: CORRUPT (3 iterations, 1.5 s)"), out);
    }

    @Test
    void aHostWaitingInTheQueueSaysSoOncePerReasonAndOnItsLine() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (ConsoleProgress p = new ConsoleProgress(new PrintStream(plain, true, StandardCharsets.UTF_8),
                new Terminal(false, 80), Map.of("n1", 1))) {
            p.waiting("n1", "slurm job 17 PENDING (Priority)");
            p.waiting("n1", "slurm job 17 PENDING (Priority)");
            p.waiting("n1", "slurm job 17 PENDING (Resources)");
            p.waiting("n1", null);
            p.waiting("verifier-not-in-this-view", "slurm job 18 PENDING");
        }
        assertEquals("n1: waiting for its node: slurm job 17 PENDING (Priority)\n"
                + "n1: waiting for its node: slurm job 17 PENDING (Resources)\n", plain.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream live = new ByteArrayOutputStream();
        try (ConsoleProgress p = new ConsoleProgress(new PrintStream(live, true, StandardCharsets.UTF_8),
                new Terminal(true, 120), Map.of("n1", 1))) {
            p.waiting("n1", "slurm job 17 PENDING (Resources)");
        }
        assertTrue(live.toString(StandardCharsets.UTF_8).contains("queued: slurm job 17 PENDING (Resources)"),
                live.toString(StandardCharsets.UTF_8));
    }
}
