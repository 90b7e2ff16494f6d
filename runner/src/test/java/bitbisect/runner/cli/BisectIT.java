package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.HuntLog;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunSummary;
import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bitbisect bisect on the fault lab: real writes over SSH to four hosts. A fault injected on the
 * unsynced writes of the 5.1 host: killed with SIGKILL mid-hunt, the same command goes on and
 * reaches the injected cause; every run it chose is in the store once, and nothing else is. A
 * fault of one host AND one storage AND one sync mode (2 of 48 cells): named with the default
 * budget. And on this machine with no fault: what a hunt that saw no corruption says it covered.
 */
class BisectIT {

    private static final String STORAGE = "{local: /mnt/local/bitbisect, nfs: /mnt/nfs/bitbisect}";

    @TempDir
    Path work;

    @Test
    void theHuntReachesTheInjectedCauseAfterAKillAndKeepsEveryRunOnce() throws Exception {
        Path labDir = work.resolve("lab");
        Files.createDirectories(labDir);
        try (Lab lab = Lab.up(labDir, 4, Map.of("FAULT_labh2", "flip,unsynced,words=ones,bits=low,prob=0.00002,seed=7"))) {
            Files.writeString(work.resolve("m.yaml"), "name: hunt\nhosts:\n" + fleet(lab)
                    + "axes: {storage: [local, nfs], sync: [buffered, osync], size: [1MiB, 4MiB]}\n"
                    + "work: {iterations: 8}\nrun: {seed: 5, parallel_hosts: 4, timeout: 2m}\n");
            RunnerJar runner = new RunnerJar(work);
            // A budget well above what the hunt needs: this test is about reaching the cause and
            // resuming; how little a hunt spends is measured by bench/bisect-vs-sweep.sh.
            String[] command = {"bisect", "m.yaml", "--results", "results", "--allow-label-mismatch", "--budget", "2000"};

            Process first = runner.builder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("first.log").toFile()).start();
            Path dir = work.resolve("results");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (finishedRuns(dir) < 3 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(first.isAlive(), "the hunt was still running when killed: " + Files.readString(work.resolve("first.log")));
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            first.waitFor();

            RunnerJar.Result resumed = runner.run(command);

            assertEquals(1, resumed.exit(), resumed.stdout() + resumed.stderr());
            assertTrue(resumed.stdout().contains("bisect: settled"), resumed.stdout());
            Path sweep = Files.list(dir).filter(Files::isDirectory).findFirst().orElseThrow();
            JsonNode findings = EventCodec.mapper().readTree(sweep.resolve("findings.json").toFile());
            assertEquals("explained", findings.get("verdict").asText(), findings.get("headline").asText());
            assertEquals("kernel=5.1 AND sync=buffered", findings.get("explanations").get(0).get("text").asText());
            try (ResultsStore store = ResultsStore.openForReading(sweep)) {
                List<HuntLog.Entry> log = store.hunt();
                assertEquals(HuntLog.Kind.SCREEN, log.get(0).kind());
                HuntLog.Entry last = log.get(log.size() - 1);
                assertEquals(HuntLog.Kind.STOP, last.kind());
                assertEquals(HuntLog.Stop.SETTLED, last.reason());
                Set<String> chosen = new HashSet<>();
                log.forEach(e -> e.runs().forEach(r -> assertTrue(chosen.add(r.cell() + "#" + r.run()),
                        "chosen once: " + r)));
                Set<String> stored = new HashSet<>();
                long iterations = 0;
                for (List<RunSummary> runs : store.summaries().values()) {
                    for (RunSummary r : runs) {
                        stored.add(r.cell() + "#" + r.run());
                        iterations += r.iterations();
                    }
                }
                assertEquals(chosen, stored, "every chosen run in the store, and nothing else");
                assertTrue(iterations <= 2000, "the hunt stayed within its budget: " + iterations + " iterations");
                System.out.printf("bisect: %d rounds, %d runs, %d iterations (a full sweep: 256): %s%n", log.size() - 1,
                        stored.size(), iterations, log.stream().map(e -> e.kind().label() + " " + e.runs().stream()
                                .mapToLong(HuntLog.ChosenRun::iterations).sum()).toList());
            }
            assertTrue(Files.readString(sweep.resolve("report.html")).contains("The hunt"));
        }
    }

    /**
     * A fault of one host's NFS client, only in writes not opened O_SYNC or O_DSYNC: 2 of 48 cells,
     * a cause of three single values that no array of pairs must reach. With the default budget
     * (what a full sweep would take), the hunt names it.
     */
    @Test
    void aCauseOfThreeSingleValuesIsNamedWithTheDefaultBudget() throws Exception {
        Path labDir = work.resolve("lab");
        Files.createDirectories(labDir);
        try (Lab lab = Lab.up(labDir, 4, Map.of("FAULT_labh2", "flip,unsynced,words=ones,bits=low,prob=0.00002,seed=11",
                "FAULT_ON_labh2", "nfs"))) {
            Files.writeString(work.resolve("m.yaml"), "name: needle\nhosts:\n" + fleet(lab)
                    + "axes: {storage: [local, nfs], sync: [buffered, osync, odsync], size: [1MiB, 4MiB]}\n"
                    + "work: {iterations: 8}\nrun: {seed: 5, parallel_hosts: 4, timeout: 2m}\n");
            RunnerJar.Result r = new RunnerJar(work).run("bisect", "m.yaml", "--results", "results",
                    "--allow-label-mismatch");

            assertEquals(1, r.exit(), r.stdout() + r.stderr());
            assertTrue(r.stdout().contains("bisect: settled"), r.stdout());
            Path sweep = Files.list(work.resolve("results")).filter(Files::isDirectory).findFirst().orElseThrow();
            JsonNode findings = EventCodec.mapper().readTree(sweep.resolve("findings.json").toFile());
            assertEquals("explained", findings.get("verdict").asText(), findings.get("headline").asText());
            assertEquals("kernel=5.1 AND storage=nfs AND sync=buffered",
                    findings.get("explanations").get(0).get("text").asText(), findings.get("headline").asText());
            try (ResultsStore store = ResultsStore.openForReading(sweep)) {
                List<HuntLog.Entry> log = store.hunt();
                double seconds = store.summaries().values().stream().flatMap(List::stream)
                        .mapToDouble(RunSummary::elapsedSeconds).sum();
                System.out.printf("bisect on a needle: %d rounds, %.0f s of host time: %s%n", log.size() - 1, seconds,
                        log.stream().map(e -> e.kind().label() + " " + e.runs().size()).toList());
            }
        }
    }

    /**
     * On this machine, no fault: a budget spent on the screen (a cover of pairs, fewer cells than
     * the matrix has) ends the hunt saying how many cells ran and that the rest never did.
     */
    @Test
    void aHuntThatSawNoCorruptionSaysWhichCellsNeverRan() throws Exception {
        Path storage = Files.createDirectories(work.resolve("disk"));
        Files.writeString(work.resolve("m.yaml"), """
                name: clean
                hosts: [{name: localhost, storage: {local: %s}}]
                axes: {sync: [buffered, fsync, osync, odsync], size: [64KiB, 128KiB, 256KiB], pattern: [alternating, offset]}
                work: {iterations: 1}
                """.formatted(storage));
        RunnerJar.Result r = new RunnerJar(work).run("bisect", "m.yaml", "--results", "results", "--budget", "1");
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        long ran = finishedRuns(work.resolve("results"));
        assertTrue(ran > 0 && ran < 24, "the screen covers pairs with fewer than the 24 cells: " + ran);
        assertTrue(r.stdout().contains("bisect: no corruption within the budget; " + ran + " of 24 cells ran, "
                + (24 - ran) + " never did (a --budget " + (24 - ran) + " iterations larger"), r.stdout());
        assertTrue(r.stdout().contains("Every combination of"), "the headline says what the clean runs covered: "
                + r.stdout());
    }

    /** The four lab hosts as the seed's fleet: labh2 alone on kernel 5.1, two R630s, two on 5.5. */
    private static String fleet(Lab lab) {
        return lab.host(1, "{model: R620, kernel: \"3.10\"}", lab.knownHosts(), STORAGE)
                + lab.host(2, "{model: R630, kernel: \"5.1\"}", lab.knownHosts(), STORAGE)
                + lab.host(3, "{model: R630, kernel: \"5.5\"}", lab.knownHosts(), STORAGE)
                + lab.host(4, "{model: C6320, kernel: \"5.5\"}", lab.knownHosts(), STORAGE);
    }

    /** Runs whose summary exists, in any sweep under {@code results}. */
    private static long finishedRuns(Path results) throws Exception {
        return ResultFiles.named(results, "run-\\d+\\.json").size();
    }
}
