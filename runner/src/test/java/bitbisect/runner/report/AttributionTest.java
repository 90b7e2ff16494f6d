package bitbisect.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.SweepData;
import bitbisect.runner.report.SyntheticSweep.Run;
import bitbisect.runner.store.RunStatus;
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
        assertTrue(f.needsMoreIterations().isEmpty(), "20 clean iterations rule out 25%: " + f.needsMoreIterations());
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
        assertEquals("No corruption in 960 iterations over 48 cells: at 95%, fewer than 0.31% of iterations are"
                + " corrupt here.", f.headline());
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

        assertEquals("sync=buffered", f.explanations().get(0).text());
        assertEquals(2, f.totals().cellsWithoutEvidence());
        assertEquals(4, f.totals().cleanCells());
        assertEquals(List.of(new Findings.InconclusiveCell("b.nfs.buffered.1MiB.cached.default.alternating", 1, 0, 0, 0),
                new Findings.InconclusiveCell("b.nfs.buffered.2MiB.cached.default.alternating", 0, 1, 0, 0)), f.inconclusive());
        assertEquals(2, f.explanations().get(0).inside().cellsWithoutEvidence());
        assertEquals(80, f.explanations().get(0).inside().iterations(), "hung and failed iterations are not evidence");
    }

    @Test
    void rareCorruptionAsksForMoreIterationsWhereTheyDecide() throws IOException {
        // 1 corrupt iteration in 100 inside; 30-iteration clean cells cannot rule that out.
        Findings f = report(FACTORIAL, cell -> {
            boolean bug = cell.get("kernel").equals("5.1") && cell.sync().equals("buffered");
            if (bug && cell.size().equals("64MiB") && cell.variant().equals("default")) {
                return List.of(Run.corrupt(100, 1));
            }
            return List.of(Run.clean(bug ? 30 : 400));
        });

        Findings.Explanation e = f.explanations().get(0);
        assertEquals("kernel=5.1 AND sync=buffered", e.text(),
                "short clean cells inside do not pull size or variant into the explanation");
        assertEquals(Stats.trialsToRuleOut(e.inside().rate()), f.iterationsToDecide());
        assertEquals(9, f.needsMoreIterations().size(), "the nine clean 30-iteration cells inside");
        Findings.CellToRerun first = f.needsMoreIterations().get(0);
        assertEquals(f.iterationsToDecide() - 30, first.more());
        assertEquals("inside the explanation but clean so far", first.why());
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
    void whenNothingExplainsEverythingTheBestFewSayWhatTheyLeaveOut() throws IOException {
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

        assertEquals(Findings.Verdict.PARTLY_EXPLAINED, f.verdict());
        assertFalse(f.exact());
        Findings.Explanation best = f.explanations().get(0);
        assertEquals("host=a", best.text());
        assertEquals(List.of("b.nfs.buffered.1MiB.cached.default.alternating"), best.corruptCellsLeftOut());
        assertEquals(List.of(), best.cleanCellsInside());
        assertTrue(f.explanations().size() > 1);
        assertTrue(f.headline().startsWith("No conjunction explains every corrupt cell."), f.headline());
    }
}
