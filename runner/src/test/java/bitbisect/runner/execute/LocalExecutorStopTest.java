package bitbisect.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A coordinator told to stop ends the writers it runs here, and says it is stopping. */
class LocalExecutorStopTest {

    @Test
    void stopAllEndsTheRunningCommandAndItsTree() throws Exception {
        LocalExecutor executor = new LocalExecutor(null);
        String marker = "bitbisect-stop-test-" + ProcessHandle.current().pid();
        CompletableFuture<Outcome> run = CompletableFuture.supplyAsync(() -> executor.exec(null,
                List.of("sh", "-c", "sleep 300; echo " + marker), Duration.ofMinutes(5), line -> { }, line -> { }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sleeps(marker) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(sleeps(marker) > 0, "the command runs (under its timeout wrapper)");
        assertFalse(executor.stopping());

        Executor.Stopped stopped = executor.stopAll(Duration.ofSeconds(5));

        assertEquals(new Executor.Stopped(1, 1), stopped);
        assertTrue(executor.stopping());
        run.get(10, TimeUnit.SECONDS);
        assertEquals(0, sleeps(marker), "nothing of it is left");
    }

    /** Live processes whose command line names the marker: the wrapper and the shell. */
    private static long sleeps(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)
                && p.isAlive()).count();
    }
}
