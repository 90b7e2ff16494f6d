package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) or SIGTERM to a sweep over SSH mid-run: the coordinator says it is stopping,
 * ends the writers on every host, and exits; no writer outlives it, and the runs cut short keep
 * no summary, so the same command runs them again (as after a kill -9: ResumeIT).
 */
class StopIT {

    @TempDir
    Path work;

    @Test
    void aSignalEndsEveryWriterOnEveryHostAndTheSameCommandFinishes() throws Exception {
        Path labDir = Files.createDirectories(work.resolve("lab"));
        try (Lab lab = Lab.up(labDir, 2)) {
            String storage = "{local: /mnt/local/bitbisect-stop}";
            Files.writeString(work.resolve("m.yaml"), "name: stop\nhosts:\n"
                    + lab.host(1, "{}", lab.knownHosts(), storage) + lab.host(2, "{}", lab.knownHosts(), storage)
                    + "axes: {size: [1MiB], sync: [buffered, fsync]}\n"
                    + "work: {iterations: 100000}\nrun: {seed: 8, parallel_hosts: 2, timeout: 10m}\n");
            RunnerJar runner = new RunnerJar(work);
            for (String signal : List.of("INT", "TERM")) {
                Process sweep = runner.builder("sweep", "m.yaml", "--results", "results").redirectErrorStream(true)
                        .redirectOutput(work.resolve(signal + ".log").toFile()).start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (writers().size() < 2 && sweep.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(2, writers().size(), "a writer running on each host: " + Files.readString(work.resolve(signal + ".log")));

                long sent = System.nanoTime();
                new ProcessBuilder("kill", "-" + signal, Long.toString(sweep.pid())).start().waitFor();
                assertTrue(sweep.waitFor(15, TimeUnit.SECONDS), "the coordinator exits within the bound");
                double seconds = (System.nanoTime() - sent) / 1e9;

                String log = Files.readString(work.resolve(signal + ".log"));
                assertTrue(log.contains("stopping: ending the writers still running"), log);
                assertTrue(log.contains("stopped: 2 writers ended on 2 hosts"), log);
                assertEquals(List.of(), writers(), "no writer outlives the coordinator (" + signal + ")");
                assertEquals(signal.equals("INT") ? 130 : 143, sweep.exitValue(), "128 + the signal's number");
                System.out.printf("StopIT: SIG%s to exit %.1f s, exit code %d, writers left 0: %s%n", signal, seconds,
                        sweep.exitValue(), log.lines().filter(l -> l.startsWith("stop")).toList());
            }
            // Cut short, as after a kill -9: no run has a summary, so the same command runs them all again.
            assertEquals(List.of(), ResultFiles.named(work.resolve("results"), "run-\\d+\\.json"));
        }
    }

    /** The writers writing under the lab's storage, on any host. */
    private static List<String> writers() throws IOException {
        return WriterProcesses.under("/mnt/local/bitbisect-stop");
    }
}
