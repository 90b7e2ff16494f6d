package bitbisect.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.analysis.Findings;
import bitbisect.runner.analysis.Stats;
import bitbisect.runner.report.SyntheticSweep.Run;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.SweepData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's findings on stores whose truth is known. */
class AttributionTest {

    /** Model x kernel crossed over six hosts, so neither stands in for the other. */
    static final String FACTORIAL = """
            name: factorial
            hosts:
              - {name: h1, labels: {model: R620, kernel: "3.10"}, storage: {nfs: /mnt/nfs}}
              - {name: h2, labels: {model: R620, kernel: "5.1"}, storage: {nfs: /mnt/nfs}}
              - {name: h3, labels: {model: R630, kernel: "3.10"}, storage: {nfs: /mnt/nfs}}
              - {name: h4, labels: {model: R630, kernel: "5.1"}, storage: {nfs: /mnt/nfs}}
              - {name: h5, labels: {model: C6320, kernel: "3.10"}, storage: {nfs: /mnt/nfs}}
              - {name: h6, labels: {model: C6320, kernel: "5.1"}, storage: {nfs: /mnt/nfs}}
            variants: {default: {}, c1-only: {flags: [-XX:TieredStopAtLevel=1]}}
            axes:
              sync: [buffered, osync]
              size: [1MiB, 64MiB]
              variant: [default, c1-only]
            work: {iterations: 20}
            """;

    @TempDir
    Path dir;

    private Findings report(String yaml, java.util.function.Function<bitbisect.runner.matrix.Cell, List<Run>> runs)
            throws IOException {
        Path sweep = dir.resolve("s-1");
        SyntheticSweep.write(sweep, yaml, runs);
        ReportWriter.Written w = ReportWriter.write(SweepData.load(sweep), sweep, "");
        assertTrue(Files.size(w.html()) > 0 && Files.size(w.markdown()) > 0 && Files.size(w.findings()) > 0);
        return w.result();
    }

    @Test
    void factorialDesignNamesExactlyKernelAndBufferedWrites() throws IOException {
        Findings f = report(FACTORIAL, cell -> List.of(cell.get("kernel").equals("5.1") && cell.sync().equals("buffered")
                ? Run.corrupt(20, 5) : Run.clean(20)));

        assertEquals(Findings.Verdict.EXPLAINED, f.verdict());
        assertEquals(1, f.explanations().size());
        Findings.Explanation e = f.explanations().get(0);
        assertEquals("kernel=5.1 AND sync=buffered", e.text());
        assertEquals(List.of("host in {h2, h4, h6}"), e.conditions().get(0).sameCellsAs(),
                "the kernel label and its hosts pick the same cells");
        assertEquals("writes left in the page cache until close", e.conditions().get(1).meaning());
        assertEquals(new Findings.Group(12, 12, 0, 0, 240, 60, 0.25, e.inside().low95(), e.inside().high95(), e.inside().high95()),
                e.inside());
        assertEquals(0, e.outside().corruptIterations());
        assertEquals(720, e.outside().iterations());
        assertEquals(Stats.upperBoundWithNone(720), e.outside().upperBound95(), 1e-12);
        assertTrue(e.fisherP() < 1e-20, "inside against outside: " + e.fisherP());
        assertEquals(List.of("model", "size", "variant"), f.noDifference());
        assertTrue(f.headline().startsWith("Corruption only where kernel=5.1"), f.headline());
        assertTrue(f.headline().endsWith("model, size, variant make no difference."), f.headline());
        assertTrue(f.confounded().isEmpty(), "model and kernel are crossed: " + f.confounded());
        assertTrue(e.support() > 0.9999, "support " + e.support());
        assertTrue(f.needsMoreIterations().isEmpty(), "settled: " + f.needsMoreIterations());
        assertEquals(Findings.Exposure.PER_ITERATION, f.exposure(), "1 MiB and 64 MiB cells are hit alike per iteration");
        assertTrue(f.exposureSupport() > 0.999, "exposure support " + f.exposureSupport());
        // each condition is needed: cells meeting the other one but not it are clean
        assertEquals(0, e.conditions().get(0).without().corruptIterations());
        assertEquals(240, e.conditions().get(0).without().iterations());
        assertEquals(240, e.conditions().get(1).without().iterations());
    }

    @Test
    void kernelOnlyOnOneModelIsReportedAsConfounded() throws IOException {
        String aliased = """
                name: aliased
                hosts:
                  - {name: a, labels: {model: R620, kernel: "3.10"}, storage: {nfs: /mnt/nfs}}
                  - {name: b, labels: {model: R630, kernel: "5.1"}, storage: {nfs: /mnt/nfs}}
                  - {name: c, labels: {model: C6320, kernel: "5.5"}, storage: {nfs: /mnt/nfs}}
                axes: {sync: [buffered, osync], size: [1MiB, 64MiB]}
                work: {iterations: 30}
                """;
        Findings f = report(aliased, cell -> List.of(cell.get("kernel").equals("5.1") && cell.sync().equals("buffered")
                ? Run.corrupt(30, 10) : Run.clean(30)));

        assertEquals(Findings.Verdict.EXPLAINED, f.verdict());
        Findings.Condition first = f.explanations().get(0).conditions().get(0);
        assertTrue(first.text().equals("kernel=5.1") || first.text().equals("model=R630"),
                "a host label is preferred over the host name: " + first.text());
        java.util.Set<String> same = new java.util.TreeSet<>(first.sameCellsAs());
        same.add(first.text());
        assertEquals(java.util.Set.of("host=b", "kernel=5.1", "model=R630"), same);
        assertTrue(f.confounded().stream().anyMatch(g -> new java.util.HashSet<>(g).equals(
                java.util.Set.of("host=b", "kernel=5.1", "model=R630"))), f.confounded().toString());
        assertTrue(f.headline().contains("[same cells as "), f.headline());
        assertFalse(f.noDifference().contains("model"), "model is not cleared: it cannot be told from kernel");
        assertFalse(f.noDifference().contains("kernel"));
        assertEquals(List.of("size"), f.noDifference());
    }

    @Test
    void cleanSweepReportsNoCauseAndTheBound() throws IOException {
        Findings f = report(FACTORIAL, cell -> List.of(Run.clean(20)));

        assertEquals(Findings.Verdict.NO_CORRUPTION, f.verdict());
        assertTrue(f.explanations().isEmpty());
        assertTrue(f.noDifference().isEmpty());
        assertEquals(960, f.totals().iterations());
        assertEquals(1 - Math.pow(0.05, 1 / 960.0), f.totals().upperBound95IfClean(), 1e-12);
        // every cell of 1 MiB or 64 MiB ran 20 iterations: 960 iterations, 480 of each size
        assertEquals(-Math.log(0.05) / (480.0 * (1 << 17) + 480.0 * (1 << 23)) * (1 << 27), f.coverage().perGib(), 1e-12);
        assertEquals("No corruption in 960 iterations over all 48 cells: at 95%, fewer than 0.31% of iterations are"
                + " corrupt where they ran (fewer than 0.098 corrupt words per GiB verified); the least run,"
                + " every value of host (160 iterations each), below 1.9%.", f.headline());
    }

    @Test
    void hungAndFailedCellsNeverCountAsClean() throws IOException {
        String yaml = """
                name: partial
                hosts:
                  - {name: a, labels: {kernel: "5.1"}, storage: {nfs: /mnt/nfs}}
                  - {name: b, labels: {kernel: "3.10"}, storage: {nfs: /mnt/nfs}}
                axes: {sync: [buffered, osync], size: [1MiB, 2MiB]}
                work: {iterations: 40}
                """;
        // Only kernel 5.1 buffered is corrupt, but kernel 3.10 buffered never finished: it hung
        // (after 40 clean iterations) or failed. Counted as clean, those cells would make the
        // kernel a condition; they must not.
        Findings f = report(yaml, cell -> {
            if (cell.host().equals("a") && cell.sync().equals("buffered")) {
                return List.of(Run.corrupt(40, 8));
            }
            if (cell.host().equals("b") && cell.sync().equals("buffered")) {
                return List.of(new Run(cell.size().equals("1MiB") ? RunStatus.HUNG : RunStatus.ERROR, 40, 0));
            }
            return List.of(Run.clean(40));
        });

        // With kernel 3.10's buffered cells hung or failed, nothing tells sync=buffered from kernel=5.1 AND
        // sync=buffered: the simpler leads, and the reruns that decide are exactly those cells.
        assertEquals(Findings.Verdict.AMBIGUOUS, f.verdict());
        // Each contender once, its causes together (the third is a pair), the supports adding up.
        String buffered = "sync=buffered (writes left in the page cache until close)";
        assertEquals("Not settled between 3 explanations: (1) " + buffered + " (support 88.9%); (2) kernel=5.1 [same"
                + " cells as host=a] AND " + buffered + " (support 11.1%); (3) " + buffered + " AND size=1MiB; and "
                + buffered + " AND size=2MiB (support 1.6e-04). The reruns listed would decide.", f.headline());
        assertTrue(f.hypotheses().stream().limit(3).mapToDouble(Findings.HypothesisFinding::support).sum() <= 1 + 1e-9);
        assertEquals("sync=buffered", f.explanations().get(0).text());
        assertEquals("kernel=5.1 AND sync=buffered", f.explanations().get(1).text());
        assertEquals(java.util.Set.of("b.nfs.buffered.1MiB.cached.default.alternating",
                "b.nfs.buffered.2MiB.cached.default.alternating"), new java.util.HashSet<>(f.needsMoreIterations()
                .stream().map(Findings.CellToRerun::cell).toList()));
        assertEquals(2, f.totals().cellsWithoutEvidence());
        assertEquals(4, f.totals().cleanCells());
        assertEquals(List.of(new Findings.InconclusiveCell("b.nfs.buffered.1MiB.cached.default.alternating", 1, 0, 0, 0),
                new Findings.InconclusiveCell("b.nfs.buffered.2MiB.cached.default.alternating", 0, 1, 0, 0)), f.inconclusive());
        assertEquals(2, f.explanations().get(0).inside().cellsWithoutEvidence());
        assertEquals(80, f.explanations().get(0).inside().iterations(), "hung and failed iterations are not evidence");
    }

    @Test
    void rareCorruptionIsNotEnoughEvidenceAndAsksForTheRunsThatDecide() throws IOException {
        // 1 corrupt iteration in 100 in one cell; 30-iteration clean cells around it.
        Findings f = report(FACTORIAL, cell -> {
            boolean bug = cell.get("kernel").equals("5.1") && cell.sync().equals("buffered");
            if (bug && cell.size().equals("64MiB") && cell.variant().equals("default")) {
                return List.of(Run.corrupt(100, 1));
            }
            return List.of(Run.clean(bug ? 30 : 400));
        });

        assertEquals(Findings.Verdict.NOT_ENOUGH_EVIDENCE, f.verdict());
        Findings.Explanation e = f.explanations().get(0);
        assertEquals("kernel=5.1 AND sync=buffered", e.text(),
                "short clean cells inside do not pull size or variant into the leading explanation");
        assertTrue(e.support() < 0.95, "support " + e.support());
        assertTrue(f.headline().startsWith("Not enough evidence yet: the leading explanation, kernel=5.1"), f.headline());
        assertFalse(f.needsMoreIterations().isEmpty());
        Findings.CellToRerun first = f.needsMoreIterations().get(0);
        assertTrue(first.more() > 0);
        assertEquals("bitbisect rerun " + first.cell() + " --sweep s-1 --iterations " + first.more(), first.command());
    }

    @Test
    void aThresholdOnSize() throws IOException {
        String yaml = """
                name: sizes
                hosts: [{name: a, storage: {nfs: /mnt/nfs}}]
                axes: {sync: [buffered, fsync, osync], size: [1MiB, 8MiB, 64MiB, 256MiB]}
                work: {iterations: 50}
                """;
        Findings f = report(yaml, cell -> List.of(!cell.sync().equals("osync") && (cell.size().equals("64MiB")
                || cell.size().equals("256MiB")) ? Run.corrupt(50, 20) : Run.clean(50)));

        assertEquals("sync in {buffered, fsync} AND size >= 64MiB", f.explanations().get(0).text());
        assertEquals("writes not opened with O_SYNC or O_DSYNC", f.explanations().get(0).conditions().get(0).meaning());
    }

    @Test
    void corruptionNoOneConjunctionCoversIsTwoCauses() throws IOException {
        String yaml = """
                name: messy
                hosts: [{name: a, storage: {nfs: /mnt/nfs}}, {name: b, storage: {nfs: /mnt/nfs}}]
                axes: {sync: [buffered, osync], size: [1MiB, 8MiB]}
                work: {iterations: 50}
                """;
        // Corrupt on every cell of a and on one cell of b: no conjunction is exact.
        Findings f = report(yaml, cell -> {
            boolean corrupt = cell.host().equals("a")
                    || cell.host().equals("b") && cell.sync().equals("buffered") && cell.size().equals("1MiB");
            return List.of(corrupt ? Run.corrupt(50, 25) : Run.clean(50));
        });

        assertEquals(Findings.Verdict.TWO_CAUSES, f.verdict());
        assertTrue(f.exact());
        assertEquals(java.util.Set.of("host=a", "host=b AND sync=buffered AND size=1MiB"), java.util.Set.of(
                f.explanations().get(0).text(), f.explanations().get(1).text()));
        assertTrue(f.headline().startsWith("Two causes (support "), f.headline());
    }

    /**
     * The case that misled the pooled rate: a fault per word verified, so 8 MiB iterations are hit
     * about 8x as often as 1 MiB ones, and one 1 MiB cell inside the cause stayed clean for its 10
     * iterations (about 0.6 corrupt iterations expected there). The cause is named whole, and the
     * rate per word is favoured over a rate per iteration.
     */
    @Test
    void aShortCleanCellInsideTheCauseDoesNotNarrowItAndSizeScalesTheRate() throws IOException {
        String yaml = """
                name: seed
                hosts:
                  - {name: a, labels: {kernel: "3.10"}, storage: {local: /l, nfs: /n}}
                  - {name: b, labels: {kernel: "5.1"}, storage: {local: /l, nfs: /n}}
                  - {name: c, labels: {kernel: "5.1"}, storage: {local: /l, nfs: /n}}
                  - {name: d, labels: {kernel: "5.5"}, storage: {local: /l, nfs: /n}}
                axes: {sync: [buffered, fsync, osync, direct], size: [1MiB, 8MiB]}
                work: {iterations: 10}
                """;
        java.util.concurrent.atomic.AtomicInteger oneMiB = new java.util.concurrent.atomic.AtomicInteger();
        Findings f = report(yaml, cell -> {
            boolean bug = cell.get("kernel").equals("5.1") && (cell.sync().equals("buffered") || cell.sync().equals("fsync"));
            if (!bug) {
                return List.of(Run.clean(10));
            }
            if (cell.size().equals("8MiB")) {
                return List.of(Run.corrupt(10, 5)); // about 1 - exp(-8 x 0.07)
            }
            // 1 MiB: one corrupt iteration in most cells, none in the first
            return List.of(oneMiB.getAndIncrement() == 0 ? Run.clean(10) : Run.corrupt(10, 1));
        });

        assertEquals(Findings.Verdict.EXPLAINED, f.verdict(), f.headline());
        assertEquals("kernel=5.1 AND sync in {buffered, fsync}", f.explanations().get(0).text());
        assertEquals(Findings.Exposure.PER_WORD, f.exposure());
        assertTrue(f.headline().contains("The rate per GiB verified is the same across sizes"), f.headline());
        assertTrue(f.noDifference().contains("size"), "per word, size makes no difference: " + f.noDifference());
    }

    /** Read back by another host, corruption that follows the host that reads is blamed on that reader. */
    @Test
    void corruptionThatFollowsTheReadingHostNamesTheReader() throws IOException {
        String yaml = """
                name: readers
                shared_storage: [nfs]
                hosts:
                  - {name: a, labels: {kernel: "3.10"}, storage: {nfs: /n}}
                  - {name: b, labels: {kernel: "5.1"}, storage: {nfs: /n}}
                  - {name: c, labels: {kernel: "5.5"}, storage: {nfs: /n}}
                axes: {readback: [cached, remote], size: [1MiB, 4MiB]}
                work: {iterations: 20}
                """;
        // c reads back its own cells (cached) and b's (remote: the next host reads)
        Findings f = report(yaml, cell -> List.of(cell.host().equals("c") && cell.readback().equals("cached")
                || cell.host().equals("b") && cell.readback().equals("remote") ? Run.corrupt(20, 6) : Run.clean(20)));

        assertEquals(Findings.Verdict.EXPLAINED, f.verdict(), f.headline());
        Findings.Explanation e = f.explanations().get(0);
        assertTrue(e.text().equals("reader.kernel=5.5") || e.text().equals("reader=c"), e.text());
        assertTrue(f.headline().contains("reader"), f.headline());
    }
}
