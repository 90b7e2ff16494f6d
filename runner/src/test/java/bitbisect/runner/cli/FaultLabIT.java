package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault lab end to end: lab/faultfs corrupts, blocks or fails writes on chosen lab hosts,
 * and the sweep and its report must find exactly what was injected, nothing more, and never
 * call a hung or failed run corruption or clean.
 */
class FaultLabIT {

    private static final String LABELS_1 = "{model: R620, kernel: \"3.10\"}";
    private static final String LABELS_2 = "{model: R630, kernel: \"5.1\"}";
    private static final String LABELS_3 = "{model: R630, kernel: \"5.5\"}";
    private static final String LABELS_4 = "{model: C6320, kernel: \"5.5\"}";
    private static final String STORAGE = "{local: /mnt/local/bitbisect, nfs: /mnt/nfs/bitbisect}";

    @TempDir
    Path work;

    /**
     * A fault per word written (as in the field case): at this rate a 1 MiB iteration is hit about
     * a third of the time and a 4 MiB one about four times in five, so some 1 MiB cells inside the
     * cause may stay clean. The report still names exactly the injected cause.
     */
    @Test
    void theReportNamesTheFaultyKernelAndNonSyncWritesAndFindsEveryInjectedFlip() throws Exception {
        Path labDir = work.resolve("lab");
        Files.createDirectories(labDir);
        try (Lab lab = Lab.up(labDir, 3, Map.of("FAULT_labh2", "flip,unsynced,words=ones,bits=low,prob=0.000006,seed=11"))) {
            Files.writeString(work.resolve("m.yaml"), "name: faulty\nhosts:\n"
                    + lab.host(1, LABELS_1, lab.knownHosts(), STORAGE)
                    + lab.host(2, LABELS_2, lab.knownHosts(), STORAGE)
                    + lab.host(3, LABELS_3, lab.knownHosts(), STORAGE)
                    + "axes: {sync: [buffered, osync], size: [1MiB, 4MiB]}\n"
                    + "work: {iterations: 8}\nrun: {seed: 3, parallel_hosts: 3, timeout: 2m}\n");

            RunnerJar.Result sweep = new RunnerJar(work).run("sweep", "m.yaml", "--results", "results",
                    "--allow-label-mismatch");

            assertEquals(1, sweep.exit(), sweep.stdout() + sweep.stderr());
            Path dir = onlySweep(work.resolve("results"));
            JsonNode findings = EventCodec.mapper().readTree(dir.resolve("findings.json").toFile());
            assertEquals("explained", findings.get("verdict").asText(), findings.get("headline").asText());
            JsonNode explanation = findings.get("explanations").get(0);
            assertEquals("kernel=5.1 AND sync=buffered", explanation.get("text").asText());
            assertEquals("[\"host=labh2\"]", explanation.get("conditions").get(0).get("same_cells_as").toString());
            List<String> noDifference = new ArrayList<>();
            findings.get("no_difference").forEach(a -> noDifference.add(a.asText()));
            assertTrue(noDifference.contains("storage"), noDifference + " " + findings.get("headline"));
            assertTrue(sweep.stdout().contains("Corruption only where kernel=5.1"), sweep.stdout());

            List<String> injected = injectedFlips(labDir.resolve("labh2/flips.log"));
            assertTrue(injected.size() > 10, "flips injected: " + injected.size());
            assertEquals(injected, cubeEvents(dir.resolve("cube.h5")), "every injected flip, and nothing else");
            JsonNode kinds = findings.get("kinds");
            assertEquals(1, kinds.size(), kinds.toString());
            assertEquals("flip", kinds.get(0).get("kind").asText(), "a flipped word is a flip");
            assertEquals(injected.size(), kinds.get(0).get("words").asLong());

            // At most work.keep_corrupt (2) corrupt files kept per cell, in the summaries and on the disk.
            long notKept = 0;
            try (ResultsStore store = ResultsStore.openForReading(dir)) {
                for (Map.Entry<String, List<RunSummary>> cell : store.summaries().entrySet()) {
                    RunSummary run = cell.getValue().get(0);
                    assertEquals(Math.min(2, run.corruptIterations()), run.kept().size(), run.toString());
                    notKept += run.corruptIterations() - run.kept().size();
                    if (cell.getKey().contains(".nfs.")) {
                        try (Stream<Path> files = Files.list(labDir.resolve("shared/bitbisect"))) {
                            assertEquals(run.kept().size(), files.filter(f -> f.getFileName().toString()
                                    .startsWith("bitbisect-" + cell.getKey() + "-") && f.toString().endsWith(".corrupt"))
                                    .count(), "on the disk: " + cell.getKey());
                        }
                    }
                }
            }
            assertTrue(notKept > 0, "some cell had more than 2 corrupt iterations");
            String report = Files.readString(dir.resolve("report.md"));
            assertTrue(report.contains(bitbisect.writer.units.Count.of(notKept, "more corrupt file") + " deleted once verified (each cell keeps its first 2"),
                    report);
        }
    }

    /**
     * Read back by the next host, with a fault on one host's reads (its files stay right; what it
     * reads is wrong): the corruption follows the host that reads, and the report names it.
     */
    @Test
    void corruptionThatFollowsTheReadingHostNamesTheReader() throws Exception {
        Path labDir = work.resolve("lab");
        Files.createDirectories(labDir);
        String nfs = "{nfs: /mnt/nfs/bitbisect}";
        try (Lab lab = Lab.up(labDir, 3, Map.of("FAULT_labh3", "flip,reads,words=ones,bits=low,prob=0.00002,seed=5"))) {
            Files.writeString(work.resolve("m.yaml"), "name: readers\nshared_storage: [nfs]\nhosts:\n"
                    + lab.host(1, LABELS_1, lab.knownHosts(), nfs)
                    + lab.host(2, LABELS_2, lab.knownHosts(), nfs)
                    + lab.host(3, LABELS_3, lab.knownHosts(), nfs)
                    + "axes: {readback: [cached, remote], size: [1MiB, 2MiB]}\n"
                    + "work: {iterations: 6}\nrun: {seed: 4, parallel_hosts: 1, timeout: 2m}\n");

            RunnerJar.Result sweep = new RunnerJar(work).run("sweep", "m.yaml", "--results", "results",
                    "--allow-label-mismatch");

            assertEquals(1, sweep.exit(), sweep.stdout() + sweep.stderr());
            JsonNode findings = EventCodec.mapper().readTree(onlySweep(work.resolve("results"))
                    .resolve("findings.json").toFile());
            assertEquals("explained", findings.get("verdict").asText(), findings.get("headline").asText());
            String cause = findings.get("explanations").get(0).get("text").asText();
            assertTrue(cause.equals("reader=labh3") || cause.equals("reader.kernel=5.5"), findings.get("headline").asText());
            assertTrue(injectedFlips(labDir.resolve("labh3/flips.log")).size() > 10, "flips injected on labh3's reads");
        }
    }

    /**
     * One host's NFS mount answers ESTALE for some writes (a faultfs rule, as a flaky server
     * would): its runs there fail, the report names that host and storage as where the errors
     * follow, and what those runs verified before they failed counts as evidence.
     */
    @Test
    void staleHandlesOnOneHostsNfsAreExplainedAsCorruptionIs() throws Exception {
        Path labDir = Files.createDirectories(work.resolve("lab"));
        try (Lab lab = Lab.up(labDir, 3, Map.of("FAULT_labh2", "fail=ESTALE,fail-prob=0.25,seed=7", "FAULT_ON_labh2", "nfs"))) {
            Files.writeString(work.resolve("m.yaml"), "name: stale\nhosts:\n"
                    + lab.host(1, LABELS_1, lab.knownHosts(), STORAGE)
                    + lab.host(2, LABELS_2, lab.knownHosts(), STORAGE)
                    + lab.host(3, LABELS_3, lab.knownHosts(), STORAGE)
                    + "axes: {sync: [buffered, fsync], size: [1MiB, 2MiB]}\n"
                    + "work: {iterations: 6, block: 256KiB, replicates: 2}\nrun: {seed: 5, parallel_hosts: 3, timeout: 2m}\n");

            RunnerJar.Result sweep = new RunnerJar(work).run("sweep", "m.yaml", "--results", "results",
                    "--allow-label-mismatch");

            assertEquals(3, sweep.exit(), "errors, no corruption: " + sweep.stdout() + sweep.stderr());
            Path dir = onlySweep(work.resolve("results"));
            JsonNode findings = EventCodec.mapper().readTree(dir.resolve("findings.json").toFile());
            JsonNode outcomes = findings.get("outcomes");
            assertEquals(1, outcomes.size(), outcomes.toString());
            JsonNode stale = outcomes.get(0);
            assertEquals("error ESTALE", stale.get("outcome").asText());
            assertEquals("explained", stale.get("verdict").asText(), stale.toString());
            assertEquals("kernel=5.1 AND storage=nfs", stale.get("explanation").asText(), stale.toString());
            assertEquals("[\"host=labh2\"]", stale.get("same_cells_as").toString());
            assertEquals("no_corruption", findings.get("verdict").asText());
            try (ResultsStore store = ResultsStore.openForReading(dir)) {
                List<RunSummary> failed = store.summaries().values().stream().flatMap(List::stream)
                        .filter(r -> r.status() == RunStatus.ERROR).toList();
                assertTrue(failed.stream().allMatch(r -> r.cell().startsWith("labh2.nfs.")), failed.toString());
                assertTrue(failed.stream().anyMatch(r -> r.iterations() > 0 && r.countsAsEvidence()),
                        "some failed after verifying iterations, which count: " + failed);
                System.out.println("FaultLabIT: ESTALE on labh2's NFS: " + failed.size() + " runs failed, "
                        + failed.stream().mapToLong(RunSummary::iterations).sum() + " iterations they verified counted; "
                        + stale);
            }
            assertTrue(Files.readString(dir.resolve("report.md")).contains("| **error ESTALE** |"), "the report's table");
        }
    }

    /** Storage that reports no size (statfs: 0 blocks, as many FUSE filesystems do) is "size unknown", and its cells run. */
    @Test
    void storageThatReportsNoSizeRunsItsCells() throws Exception {
        Path labDir = Files.createDirectories(work.resolve("lab"));
        try (Lab lab = Lab.up(labDir, 1, Map.of("FAULT_labh1", "nosize"))) {
            Files.writeString(work.resolve("m.yaml"), "name: nosize\nhosts:\n"
                    + lab.host(1, LABELS_1, lab.knownHosts(), STORAGE)
                    + "axes: {sync: [buffered], size: [1MiB]}\nwork: {iterations: 2}\n");
            RunnerJar runner = new RunnerJar(work);

            RunnerJar.Result check = runner.run("check", "m.yaml", "--allow-label-mismatch");
            RunnerJar.Result sweep = runner.run("sweep", "m.yaml", "--results", "results", "--allow-label-mismatch");

            assertEquals(0, check.exit(), check.stdout() + check.stderr());
            assertTrue(check.stdout().contains("local ok (size unknown (its filesystem reports none))")
                    && check.stdout().contains("nfs ok (size unknown (its filesystem reports none))"), check.stdout());
            assertEquals(0, sweep.exit(), sweep.stdout() + sweep.stderr());
            assertTrue(sweep.stdout().contains("clean 2, corrupt 0"), sweep.stdout());
        }
    }

    @Test
    void hungAndFailingMountsAreHungAndErrorNeverCorruptionAndACleanLabIsClean() throws Exception {
        Path labDir = work.resolve("lab");
        Files.createDirectories(labDir);
        try (Lab lab = Lab.up(labDir, 4,
                Map.of("FAULT_labh2", "block", "FAULT_labh3", "fail=EIO", "FAULT_labh4", "block=unkillable"))) {
            Files.writeString(work.resolve("faults.yaml"), "name: faults\nhosts:\n"
                    + lab.host(1, LABELS_1, lab.knownHosts(), STORAGE)
                    + lab.host(2, LABELS_2, lab.knownHosts(), STORAGE)
                    + lab.host(3, LABELS_3, lab.knownHosts(), STORAGE)
                    + lab.host(4, LABELS_4, lab.knownHosts(), STORAGE)
                    + "axes: {storage: [nfs], sync: [buffered], size: [1MiB]}\n"
                    + "work: {iterations: 2}\nrun: {seed: 3, parallel_hosts: 4, timeout: 8s, stall: 2s}\n");
            Files.writeString(work.resolve("clean.yaml"), "name: clean\nhosts:\n"
                    + lab.host(1, LABELS_1, lab.knownHosts(), STORAGE)
                    + "axes: {sync: [buffered, osync], size: [1MiB]}\nwork: {iterations: 3}\n");
            RunnerJar runner = new RunnerJar(work);

            RunnerJar.Result faults = runner.run("sweep", "faults.yaml", "--results", "faults", "--allow-label-mismatch");
            RunnerJar.Result clean = runner.run("sweep", "clean.yaml", "--results", "clean", "--allow-label-mismatch");

            assertEquals(3, faults.exit(), "some runs hung or failed, none corrupt: " + faults.stdout() + faults.stderr());
            assertTrue(faults.stdout().contains("clean 1, corrupt 0, error 1, hung 2"), faults.stdout());
            Path faultsDir = onlySweep(work.resolve("faults"));
            JsonNode f = EventCodec.mapper().readTree(faultsDir.resolve("findings.json").toFile());
            assertEquals("no_corruption", f.get("verdict").asText());
            assertEquals(1, f.get("totals").get("clean_cells").asInt(), "only labh1 is clean evidence");
            assertEquals(3, f.get("totals").get("cells_without_evidence").asInt());
            assertEquals("labh2.nfs.buffered.1MiB.cached.default.alternating", f.get("inconclusive").get(0).get("cell").asText());
            assertEquals(1, f.get("inconclusive").get(0).get("hung").asInt());
            assertEquals("labh3.nfs.buffered.1MiB.cached.default.alternating", f.get("inconclusive").get(1).get("cell").asText());
            assertEquals(1, f.get("inconclusive").get(1).get("error").asInt());
            assertEquals("labh4.nfs.buffered.1MiB.cached.default.alternating", f.get("inconclusive").get(2).get("cell").asText());
            assertEquals(1, f.get("inconclusive").get(2).get("hung").asInt());
            // A writer that even SIGKILL cannot end is hung, with what the host says of it, not "unreachable".
            try (ResultsStore store = ResultsStore.openForReading(faultsDir)) {
                RunSummary stuck = store.summaries().get("labh4.nfs.buffered.1MiB.cached.default.alternating").get(0);
                assertEquals(RunStatus.HUNG, stuck.status(), stuck.toString());
                assertTrue(stuck.message().contains("outlived SIGKILL") && stuck.message().contains("(java, state D"),
                        stuck.message());
            }

            assertEquals(0, clean.exit(), clean.stdout() + clean.stderr());
            Path cleanDir = onlySweep(work.resolve("clean"));
            JsonNode c = EventCodec.mapper().readTree(cleanDir.resolve("findings.json").toFile());
            assertEquals("no_corruption", c.get("verdict").asText());
            assertEquals(0, c.get("explanations").size());
            assertEquals(12, c.get("totals").get("iterations").asInt());
            assertTrue(clean.stdout().contains("No corruption in 12 iterations over all 4 cells"), clean.stdout());
            try (HdfFile cube = new HdfFile(cleanDir.resolve("cube.h5"))) {
                assertEquals(0L, ((Number) cube.getAttribute("event_count").getData()).longValue());
            }
        }
    }

    /**
     * faultfs zeroes, tears, misdirects and puts back stale pages on one host, with the tagged
     * pattern: every extent in the cube is one faultfs made, of the kind it made, and the report
     * names each kind.
     */
    @Test
    void everyKindOfDamageIsNamedExactly() throws Exception {
        Path labDir = work.resolve("lab");
        Files.createDirectories(labDir);
        String rules = "zero=0.01,ones=0.01,foreign=0.01,stale=0.01,tear=0.01,misdirect=0.01,seed=5";
        try (Lab lab = Lab.up(labDir, 1, Map.of("FAULT_labh1", rules))) {
            Files.writeString(work.resolve("m.yaml"), "name: kinds\nhosts:\n"
                    + lab.host(1, lab.knownHosts(), "{local: /mnt/local/bitbisect}")
                    + "axes: {sync: [buffered], size: [1MiB, 4MiB], pattern: [tagged]}\n"
                    + "work: {iterations: 5}\nrun: {seed: 3, timeout: 2m}\n");

            RunnerJar.Result sweep = new RunnerJar(work).run("sweep", "m.yaml", "--results", "results",
                    "--allow-label-mismatch");

            assertEquals(1, sweep.exit(), sweep.stdout() + sweep.stderr());
            Path dir = onlySweep(work.resolve("results"));
            List<String> injected = injectedDamage(labDir.resolve("labh1/flips.log"));
            assertTrue(injected.size() > 20, "damage injected: " + injected);
            assertEquals(injected, cubeExtents(dir.resolve("cube.h5")), "every injected page, of its kind, and nothing else");
            JsonNode kinds = EventCodec.mapper().readTree(dir.resolve("findings.json").toFile()).get("kinds");
            List<String> named = new ArrayList<>();
            kinds.forEach(k -> named.add(k.get("kind").asText()));
            named.sort(null);
            assertEquals(List.of("foreign", "misdirected", "ones", "stale", "torn", "zeros"), named);
            String html = Files.readString(dir.resolve("report.html"));
            for (String kind : named) {
                assertTrue(html.contains("<strong>" + kind + "</strong>"), kind);
            }
            assertTrue(html.contains("the iteration before"), "stale pages come from the iteration before");
            assertTrue(!html.contains("Store problems"), "the words only extents stand for are counted: no damage");
        }
    }

    /**
     * "CELL ITERATION KIND OFFSET LENGTH" for each page faultfs damaged, sorted: the iteration
     * counted by the writer's opens for writing; a misdirected page is two extents, its data one
     * page lower and the hole where it belonged.
     */
    private static List<String> injectedDamage(Path log) throws Exception {
        List<String> out = new ArrayList<>();
        Map<String, Integer> iteration = new java.util.HashMap<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ");
            String name = Path.of(f[1]).getFileName().toString(); // bitbisect-CELL-rRUN.bin
            if (!name.startsWith("bitbisect-") || !name.endsWith(".bin")) {
                continue;
            }
            String cell = name.substring("bitbisect-".length(), name.lastIndexOf("-r"));
            if (f[0].equals("open")) {
                if ((Integer.parseInt(f[2].substring("flags=".length()), 8) & 3) != 0) {
                    iteration.merge(name, 1, Integer::sum);
                }
                continue;
            }
            String at = cell + " " + iteration.get(name) + " ";
            switch (f[0]) {
                case "zero" -> out.add(at + "zeros " + f[2] + " " + f[3]);
                case "ones" -> out.add(at + "ones " + f[2] + " " + f[3]);
                case "foreign" -> out.add(at + "foreign " + f[2] + " " + f[3]);
                case "stale" -> out.add(at + "stale " + f[2] + " " + f[3]);
                case "tear" -> out.add(at + "torn " + f[2] + " " + f[3]);
                case "misdirect" -> {
                    out.add(at + "misdirected " + f[2] + " " + f[3]);
                    out.add(at + "zeros " + f[4] + " " + f[3]);
                }
                default -> throw new AssertionError("unexpected line in faultfs's log: " + line);
            }
        }
        out.sort(null);
        return out;
    }

    /** The same from the cube's extent columns, sorted. */
    private static List<String> cubeExtents(Path cubeFile) {
        List<String> out = new ArrayList<>();
        try (HdfFile cube = new HdfFile(cubeFile)) {
            String[] ids = (String[]) cube.getDatasetByPath("cells/id").getData();
            String[] kinds = (String[]) cube.getAttribute("extent_kinds").getData();
            long[] cells = (long[]) cube.getDatasetByPath("extents/cell").getData();
            long[] iterations = (long[]) cube.getDatasetByPath("extents/iteration").getData();
            long[] kind = (long[]) cube.getDatasetByPath("extents/kind").getData();
            long[] offsets = (long[]) cube.getDatasetByPath("extents/offset").getData();
            long[] lengths = (long[]) cube.getDatasetByPath("extents/length").getData();
            for (int i = 0; i < cells.length; i++) {
                out.add(ids[(int) cells[i]] + " " + iterations[i] + " " + kinds[(int) kind[i]] + " " + offsets[i] + " "
                        + lengths[i]);
            }
        }
        out.sort(null);
        return out;
    }

    private static Path onlySweep(Path results) throws Exception {
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** "CELL OFFSET MASK" per flip in faultfs's log, the cell taken from the writer's file name, sorted. */
    private static List<String> injectedFlips(Path log) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("flip ")) {
                String[] f = line.split(" ");
                String name = Path.of(f[1]).getFileName().toString(); // bitbisect-CELL-rRUN.bin
                String cell = name.substring("bitbisect-".length(), name.lastIndexOf("-r"));
                out.add(cell + " " + f[2] + " " + f[3]);
            }
        }
        out.sort(null);
        return out;
    }

    /** The same from the cube's event columns, sorted. */
    private static List<String> cubeEvents(Path cubeFile) {
        List<String> out = new ArrayList<>();
        try (HdfFile cube = new HdfFile(cubeFile)) {
            String[] ids = (String[]) cube.getDatasetByPath("cells/id").getData();
            long[] cells = (long[]) cube.getDatasetByPath("events/cell").getData();
            long[] offsets = (long[]) cube.getDatasetByPath("events/offset").getData();
            long[] masks = (long[]) cube.getDatasetByPath("events/mask").getData();
            for (int i = 0; i < cells.length; i++) {
                out.add(ids[(int) cells[i]] + " " + offsets[i] + " " + String.format("0x%016x", masks[i]));
            }
        }
        out.sort(null);
        return out;
    }
}
