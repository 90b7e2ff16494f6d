package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of the coordinator mid-sweep, then the same command again. */
class ResumeIT {

    @TempDir
    Path work;

    private static final String MATRIX = """
            name: resume
            hosts: [{name: localhost, storage: {tmpfs: %s}}]
            axes: {storage: [tmpfs], sync: [buffered, fsync, osync, odsync], size: [64KiB, 1MiB, 2MiB]}
            work: {iterations: 2}
            run: {seed: 11, timeout: 2m}
            """;

    @Test
    void aKilledSweepResumesToTheSameResultsAsAnUninterruptedOne() throws Exception {
        Files.writeString(work.resolve("m.yaml"), MATRIX.formatted(work.resolve("tmp")));
        RunnerJar runner = new RunnerJar(work);

        RunnerJar.Result whole = runner.run("sweep", "m.yaml", "--results", "whole");
        assertEquals(0, whole.exit(), whole.stderr());

        Process first = runner.builder("sweep", "m.yaml", "--results", "killed")
                .redirectErrorStream(true).redirectOutput(work.resolve("first.log").toFile()).start();
        Path journal;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        do {
            Thread.sleep(50);
            journal = findJournal(work.resolve("killed"));
        } while ((journal == null || finishes(journal) < 3) && first.isAlive() && System.nanoTime() < deadline);
        assertTrue(first.isAlive(), "the sweep was still running when killed");
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        first.waitFor();
        int doneBeforeKill = finishes(journal);
        assertTrue(doneBeforeKill >= 3 && doneBeforeKill < 12, "killed mid-sweep after " + doneBeforeKill + " runs");

        RunnerJar.Result resumed = runner.run("sweep", "m.yaml", "--results", "killed");

        assertEquals(0, resumed.exit(), resumed.stdout() + resumed.stderr());
        assertTrue(resumed.stderr().contains(doneBeforeKill + " done"), resumed.stderr());
        Map<String, List<RunSummary>> a = summaries(work.resolve("whole"));
        Map<String, List<RunSummary>> b = summaries(work.resolve("killed"));
        assertEquals(12, a.size());
        assertEquals(a.keySet(), b.keySet(), "the same cells");
        for (String cell : a.keySet()) {
            assertEquals(1, b.get(cell).size(), "one run of " + cell + ", none lost, none twice");
            assertEquals(RunStatus.CLEAN, b.get(cell).get(0).status());
            assertEquals(a.get(cell).get(0).iterations(), b.get(cell).get(0).iterations(), cell);
            assertEquals(a.get(cell).get(0).bytesVerified(), b.get(cell).get(0).bytesVerified(), cell);
        }
        Map<String, Long> finishesPerRun = Files.readAllLines(findJournal(work.resolve("killed"))).stream()
                .filter(l -> l.contains("\"what\":\"finish\""))
                .collect(Collectors.groupingBy(l -> l.replaceAll(".*\"cell\":\"([^\"]+)\",\"run\":(\\d+).*", "$1#$2"),
                        Collectors.counting()));
        assertEquals(12, finishesPerRun.size());
        assertTrue(finishesPerRun.values().stream().allMatch(n -> n == 1), finishesPerRun.toString());
    }

    private static Path findJournal(Path results) throws Exception {
        if (!Files.isDirectory(results)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.map(d -> d.resolve("journal.jsonl")).filter(Files::exists).findFirst().orElse(null);
        }
    }

    private static int finishes(Path journal) throws Exception {
        return (int) Files.readAllLines(journal).stream().filter(l -> l.contains("\"what\":\"finish\"")).count();
    }

    private static Map<String, List<RunSummary>> summaries(Path results) throws Exception {
        try (Stream<Path> dirs = Files.list(results);
             ResultsStore store = ResultsStore.openForReading(dirs.filter(Files::isDirectory).findFirst().orElseThrow())) {
            return store.summaries();
        }
    }
}
