package bitbisect.runner.report;

import bitbisect.runner.store.HostFacts;
import bitbisect.runner.store.RunTotals;
import bitbisect.runner.store.SweepData;
import bitbisect.writer.facts.Facts;
import bitbisect.runner.store.AtomicFiles;
import bitbisect.runner.store.RunStatus;
import bitbisect.writer.event.EventCodec;
import bitbisect.writer.units.ByteSize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Writes a sweep's report: findings.json (the attribution for scripts), report.md and a
 * self-contained report.html with the same content plus plots. Every number comes from the same
 * load of the store that the cube is written from.
 */
public final class ReportWriter {

    /** Rows shown in long tables; findings.json has them all. */
    private static final int SHOWN = 20;

    private final SweepData data;
    private final Design design;
    private final Findings findings;
    private final Signature signature;

    private ReportWriter(SweepData data, String rerunOptions) {
        this.data = data;
        this.design = Design.of(data);
        this.findings = Analysis.analyse(design, data.sweep().id(), inconclusive(data),
                (cell, more) -> "bitbisect rerun " + cell + " --sweep " + data.sweep().id() + " --iterations " + more
                        + rerunOptions);
        this.signature = Signature.of(data);
    }

    /** The paths written. */
    public record Written(Path html, Path markdown, Path findings, Findings result, int storeProblems) {

        /** Whether the store held anything left out as damaged (listed in the report). */
        public boolean damaged() {
            return storeProblems > 0;
        }
    }

    /**
     * Writes the three files into {@code dir}. {@code rerunOptions} ends each suggested rerun
     * command (" --results DIR" when the results are not in the default place).
     */
    public static Written write(SweepData data, Path dir, String rerunOptions) throws IOException {
        ReportWriter w = new ReportWriter(data, rerunOptions);
        Doc doc = w.document();
        ObjectNode json = EventCodec.mapper().valueToTree(w.findings);
        json.set("signature", EventCodec.mapper().valueToTree(w.signature));
        Path findingsFile = dir.resolve("findings.json");
        Path markdown = dir.resolve("report.md");
        Path html = dir.resolve("report.html");
        AtomicFiles.write(findingsFile, EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        AtomicFiles.write(markdown, doc.markdown().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(html, doc.html("bitbisect report " + data.sweep().id()).getBytes(StandardCharsets.UTF_8));
        return new Written(html, markdown, findingsFile, w.findings, data.damage().size());
    }

    private static List<Findings.InconclusiveCell> inconclusive(SweepData data) {
        List<Findings.InconclusiveCell> out = new ArrayList<>();
        for (int c = 0; c < data.totals().size(); c++) {
            SweepData.CellTotals t = data.totals().get(c);
            if (t.sum().evidenceIterations() == 0) {
                out.add(new Findings.InconclusiveCell(data.matrix().cells().get(c).id(), t.sum().runs(RunStatus.HUNG),
                        t.sum().runs(RunStatus.ERROR), t.sum().runs(RunStatus.UNREACHABLE), t.runsNotRun()));
            }
        }
        return out;
    }

    private Doc document() {
        Doc doc = new Doc();
        doc.heading(1, "bitbisect report: sweep " + data.sweep().id());
        doc.paragraph("**" + findings.headline() + "**");
        doc.paragraph(String.format(Locale.ROOT, "Matrix `%s`, created %s, seed %d. Every number here is a sum over"
                + " `cube.h5` in the same directory (evidence measures: runs that finished clean or corrupt);"
                + " `findings.json` has the attribution for scripts.", data.sweep().name(), data.sweep().createdAt(),
                data.sweep().seed()));
        summary(doc);
        attribution(doc);
        signature(doc);
        heatmap(doc);
        hosts(doc);
        return doc;
    }

    // ---- 1. summary

    private void summary(Doc doc) {
        RunTotals all = RunTotals.of(data.runs().values().stream().flatMap(List::stream).toList());
        List<SweepData.CellTotals> t = data.totals();
        doc.heading(2, "Summary");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("cells", String.format(Locale.ROOT, "%,d (%,d corrupt, %,d clean, %,d without evidence)",
                findings.totals().cells(), findings.totals().corruptCells(), findings.totals().cleanCells(),
                findings.totals().cellsWithoutEvidence())));
        rows.add(List.of("runs", String.format(Locale.ROOT, "%,d done of %,d planned; %s",
                all.runs(), data.sweep().plan().size(), String.join(", ", java.util.Arrays.stream(RunStatus.values())
                        .map(s -> s.label() + " " + all.runs(s)).toList()))));
        rows.add(List.of("cells with hung / failed / unreachable runs", String.format(Locale.ROOT, "%d / %d / %d"
                        + " (never counted as clean)", t.stream().filter(x -> x.sum().runs(RunStatus.HUNG) > 0).count(),
                t.stream().filter(x -> x.sum().runs(RunStatus.ERROR) > 0).count(),
                t.stream().filter(x -> x.sum().runs(RunStatus.UNREACHABLE) > 0).count())));
        rows.add(List.of("iterations (finished runs)", String.format(Locale.ROOT, "%,d, %,d corrupt",
                findings.totals().iterations(), findings.totals().corruptIterations())));
        rows.add(List.of("bytes written / verified", ByteSize.approximate(all.bytesWritten()) + " / " + ByteSize.approximate(all.bytesVerified())));
        rows.add(List.of("corrupt words", String.format(Locale.ROOT, "%,d (%,d events stored%s)", all.corruptWords(),
                signature.events(), signature.eventsNotPrinted() > 0
                        ? String.format(Locale.ROOT, ", %,d beyond the writer's max_events", signature.eventsNotPrinted())
                        : "")));
        doc.table(List.of("", ""), rows);
        if (!data.damage().isEmpty()) {
            doc.heading(3, "Store problems");
            doc.paragraph(data.damage().size() + " things in the results store cannot be trusted and are left out of"
                    + " every number here:");
            doc.bullets(data.damage().stream().map(d -> "`" + d.path() + "`: " + d.problem() + "; " + d.action())
                    .toList());
        }
    }

    // ---- 2. attribution

    private void attribution(Doc doc) {
        doc.heading(2, "Attribution");
        if (findings.explanations().isEmpty()) {
            doc.paragraph(findings.headline());
        }
        int number = 1;
        for (Findings.Explanation e : findings.explanations()) {
            String title = findings.explanations().size() == 1 ? "Explanation"
                    : (findings.verdict() == Findings.Verdict.TWO_CAUSES ? "Cause " : "Contender ") + number++;
            doc.heading(3, title + ": `" + e.text() + "`");
            List<String> items = new ArrayList<>();
            items.add("support: " + Text.support(e.support()) + " of the evidence's; fitted rate " + rateText(e.rate())
                    + (e.backgroundRate() > 0 ? ", and " + rateText(e.backgroundRate()) + " elsewhere" : ""));
            items.add("inside: " + groupText(e.inside()));
            items.add("outside: " + groupText(e.outside()) + "; Fisher exact inside vs outside p = " + Text.p(e.fisherP()));
            for (Findings.Condition c : e.conditions()) {
                items.add("`" + c.text() + "`" + (c.meaning() == null ? "" : " (" + c.meaning() + ")")
                        + (c.sameCellsAs().isEmpty() ? "" : ", the same cells as `" + String.join("`, `", c.sameCellsAs())
                        + "`: this matrix cannot tell them apart")
                        + ". Cells meeting every other condition but not this one: " + groupText(c.without())
                        + "; Fisher p = " + Text.p(c.fisherP()));
            }
            if (!e.corruptCellsLeftOut().isEmpty()) {
                items.add("leaves out " + e.corruptCellsLeftOut().size() + " corrupt cells: " + list(e.corruptCellsLeftOut()));
            }
            if (!e.cleanCellsInside().isEmpty()) {
                items.add("lets in " + e.cleanCellsInside().size() + " clean cells that its rate expected to show 3 or"
                        + " more corrupt iterations: " + list(e.cleanCellsInside()));
            }
            doc.bullets(items);
        }
        weighed(doc);
        if (!findings.noDifference().isEmpty()) {
            doc.heading(3, "Axes that make no difference");
            doc.bullets(findings.axes().stream().filter(a -> findings.noDifference().contains(a.axis()))
                    .map(a -> "`" + a.axis() + "`: no difference between its values inside the explanation").toList());
        }
        List<String> others = findings.axes().stream().filter(a -> a.part() == Findings.Part.CHANGES_RATE
                || a.part() == Findings.Part.NOT_VARIED || a.part() == Findings.Part.SAME_CELLS).map(a -> "`" + a.axis()
                + "`: " + a.role()).toList();
        if (!others.isEmpty()) {
            doc.heading(3, "Other axes");
            doc.bullets(others);
        }
        if (!findings.confounded().isEmpty()) {
            doc.heading(3, "Confounded in this matrix");
            doc.paragraph("These pick exactly the same cells, so no sweep of this matrix can tell them apart;"
                    + " add cells that separate them to decide.");
            doc.bullets(findings.confounded().stream().limit(SHOWN).map(g -> "`" + String.join("` = `", g) + "`").toList());
        }
        perAxis(doc);
        reruns(doc);
        if (!findings.inconclusive().isEmpty()) {
            doc.heading(3, "Cells without evidence");
            doc.paragraph(findings.inconclusive().size() + " cells have no finished iteration: they count neither as"
                    + " clean nor as corrupt.");
            doc.table(List.of("cell", "hung", "error", "unreachable", "not run"), findings.inconclusive().stream()
                    .limit(SHOWN).map(i -> List.of("`" + i.cell() + "`", n(i.hung()), n(i.error()), n(i.unreachable()),
                            n(i.notRun()))).toList());
        }
    }

    /** "2.1e-08 per word (160 per GiB verified)" or "12% per iteration", as the findings' exposure says. */
    private String rateText(double rate) {
        if (Double.isInfinite(rate)) {
            return "every iteration";
        }
        return findings.exposure() == Findings.Exposure.PER_WORD
                ? String.format(Locale.ROOT, "%.2g per word verified (%.3g per GiB)", rate, rate * (1L << 27))
                : Text.percent(rate) + " of iterations";
    }

    /** The explanations weighed, the exposure, and the leading one's predictions against what each cell showed. */
    private void weighed(Doc doc) {
        if (findings.hypotheses().isEmpty()) {
            return;
        }
        doc.heading(3, "Explanations weighed");
        doc.paragraph("Each explanation is fitted to every cell's evidence at the count that cell was expected to"
                + " show, under a rate per word verified and under a rate per iteration; support is its share of the"
                + " likelihood after a cost for each condition and each rate (docs/report.md). The evidence favours a"
                + " rate " + (findings.exposure() == Findings.Exposure.PER_WORD ? "per word verified" : "per iteration")
                + " with support " + Text.support(findings.exposureSupport()) + ".");
        doc.table(List.of("explanation", "support", "exposure", "conditions", "guilty cells"),
                findings.hypotheses().stream().map(h -> List.of("`" + h.text() + "`", Text.support(h.support()),
                        h.exposure().label().replace('_', ' '), n(h.conditions()), n(h.cells()))).toList());
        predictions(doc);
    }

    /**
     * Observed corrupt iterations per cell against the 95% range the leading explanation predicts
     * there: the cells it covers, then the clean cells with most evidence outside.
     */
    private void predictions(Doc doc) {
        Findings.Explanation e = findings.explanations().get(0);
        if (e.conditions().isEmpty() || Double.isInfinite(e.rate())) {
            return;
        }
        List<Integer> shown = new ArrayList<>();
        for (int c = 0; c < design.cells() && shown.size() < 40; c++) {
            if (matches(c, e) && design.n()[c] > 0) {
                shown.add(c);
            }
        }
        if (shown.isEmpty()) {
            return;
        }
        int count = shown.size();
        double[] observed = new double[count];
        double[] low = new double[count];
        double[] high = new double[count];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int c = shown.get(i);
            double q = Likelihood.probability(findings.exposure(), e.rate(), design.words()[c]);
            org.apache.commons.math3.distribution.BinomialDistribution b =
                    new org.apache.commons.math3.distribution.BinomialDistribution(null, (int) Math.min(Integer.MAX_VALUE,
                            design.n()[c]), q);
            observed[i] = design.k()[c];
            low[i] = b.inverseCumulativeProbability(0.025);
            high[i] = b.inverseCumulativeProbability(0.975);
            labels.add(Integer.toString(i + 1));
        }
        doc.chart(Svg.bars("corrupt iterations per cell of " + e.text(), labels, observed, low, high, false,
                Math.max(1, count / 20)), "bars: corrupt iterations each cell showed; whiskers: the 95% range the"
                + " explanation's rate predicts there (cells numbered as in the table below)");
        doc.table(List.of("#", "cell", "iterations", "corrupt", "predicted (95%)"), java.util.stream.IntStream
                .range(0, count).mapToObj(i -> List.of(Integer.toString(i + 1), "`" + design.cellIds().get(shown.get(i))
                        + "`", n(design.n()[shown.get(i)]), n(design.k()[shown.get(i)]),
                        String.format(Locale.ROOT, "%.0f-%.0f", low[i], high[i]))).toList());
    }

    /** Whether cell {@code c} meets every condition of {@code e}. */
    private boolean matches(int c, Findings.Explanation e) {
        for (Findings.Condition cond : e.conditions()) {
            int a = design.axes().stream().map(Design.Axis::name).toList().indexOf(cond.axis());
            if (!cond.values().contains(design.axes().get(a).values().get(design.at()[c][a]))) {
                return false;
            }
        }
        return true;
    }

    private void perAxis(Doc doc) {
        doc.heading(3, "Per axis value");
        doc.paragraph("Corrupt iterations / finished iterations, with exact 95% intervals (Clopper-Pearson), beside"
                + " corrupt words per GiB verified, with exact 95% Poisson intervals: a fault that hits words shows"
                + " the same rate per GiB at every size. The test asks whether the rate of corrupt iterations depends"
                + " on the axis.");
        for (Findings.AxisFinding a : findings.axes()) {
            if (a.values().size() < 2) {
                continue;
            }
            doc.paragraph("`" + a.axis() + "`: " + (a.test().equals("none") ? "no test" : a.test() + " p = " + Text.p(a.p()))
                    + (a.testNote() == null ? "" : " (" + a.testNote() + ")") + (a.role().isEmpty() ? "" : "; " + a.role()));
            doc.table(List.of("value", "cells", "corrupt / iterations", "corrupt words per GiB (95% CI)",
                            "hung, failed or unreachable runs"),
                    a.values().stream().map(v -> List.of(v.value(), n(v.cells()),
                            Text.rate(v.corruptIterations(), v.iterations(), v.low95(), v.high95()),
                            perGib(v), n(v.inconclusiveRuns()))).toList());
            if (findings.totals().corruptIterations() > 0) {
                doc.chart(Svg.bars("corrupt iterations by " + a.axis(),
                        a.values().stream().map(Findings.ValueFinding::value).toList(),
                        a.values().stream().mapToDouble(v -> Double.isNaN(v.rate()) ? 0 : v.rate()).toArray(),
                        a.values().stream().mapToDouble(Findings.ValueFinding::low95).toArray(),
                        a.values().stream().mapToDouble(v -> v.iterations() == 0 ? 0 : v.high95()).toArray(), true, 1),
                        "rate of corrupt iterations per " + a.axis() + ", 95% interval");
            }
        }
    }

    private static String perGib(Findings.ValueFinding v) {
        if (v.gibVerified() <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,d in %.3g GiB: %.3g (%.3g-%.3g)", v.corruptWords(), v.gibVerified(),
                v.wordsPerGib(), v.wordsPerGibLow95(), v.wordsPerGibHigh95());
    }

    private void reruns(Doc doc) {
        if (findings.needsMoreIterations().isEmpty()) {
            return;
        }
        doc.heading(3, "Runs that would decide");
        doc.paragraph("The cells whose iterations best separate the leading explanation from the next one ("
                + findings.hypotheses().get(1).text() + "): how many more iterations make the evidence favour one of"
                + " them 20:1, least data verified first.");
        doc.table(List.of("cell", "iterations so far", "more", "why"), findings.needsMoreIterations().stream().limit(SHOWN)
                .map(r -> List.of("`" + r.cell() + "`", n(r.iterations()), n(r.more()), r.why())).toList());
        doc.code(String.join("\n", findings.needsMoreIterations().stream().limit(5)
                .map(Findings.CellToRerun::command).toList()));
    }

    private static String groupText(Findings.Group g) {
        String rate = g.corruptIterations() == 0
                ? String.format(Locale.ROOT, "0 / %,d iterations (below %s at 95%%)", g.iterations(),
                        Text.percent(g.upperBound95()))
                : Text.rate(g.corruptIterations(), g.iterations(), g.low95(), g.high95());
        return String.format(Locale.ROOT, "%,d cells (%,d corrupt, %,d clean, %,d without evidence), %s", g.cells(),
                g.corruptCells(), g.cleanCells(), g.cellsWithoutEvidence(), rate);
    }

    private static String list(List<String> cells) {
        return "`" + String.join("`, `", cells.stream().limit(SHOWN).toList()) + "`"
                + (cells.size() > SHOWN ? " and " + (cells.size() - SHOWN) + " more" : "");
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    // ---- 3. signature

    private void signature(Doc doc) {
        Signature s = signature;
        doc.heading(2, "Signature");
        if (s.events() == 0) {
            doc.paragraph("No corruption events were stored.");
            return;
        }
        doc.paragraph(String.format(Locale.ROOT, "%,d corruption events stored; %,d corrupt words over all runs,"
                + " %.3g per GiB verified. Words are 64-bit little-endian: mask bit b is bit b of the word as read,"
                + " so bits 0-31 are bytes 0-3, the first 32 bits in file order.", s.events(), s.corruptWords(),
                s.wordsPerGiB()));
        doc.table(List.of("expected word", "events"), List.of(
                List.of("all ones (0xffffffffffffffff)", n(s.expectedAllOnes())),
                List.of("all zeros", n(s.expectedAllZeros())),
                List.of("other (other patterns)", n(s.expectedOther()))));
        doc.paragraph(String.format(Locale.ROOT, "Bits flipped 1 to 0: %,d; 0 to 1: %,d.", s.bitsOneToZero(),
                s.bitsZeroToOne()));
        doc.chart(Svg.bars("events per mask bit (bit 0 = lowest bit of byte 0)",
                IntStream.range(0, 64).mapToObj(Integer::toString).toList(), toDouble(s.maskBits()), null, null, false, 8),
                "XOR mask bit histogram, bits 0-63");
        List<List<String>> bits = new ArrayList<>();
        for (int b = 0; b < 64; b += 8) {
            List<String> row = new ArrayList<>();
            row.add("bits " + b + "-" + (b + 7) + " (byte " + b / 8 + ")");
            for (int i = b; i < b + 8; i++) {
                row.add(n(s.maskBits()[i]));
            }
            bits.add(row);
        }
        doc.table(List.of("events per bit", "+0", "+1", "+2", "+3", "+4", "+5", "+6", "+7"), bits);
        doc.table(List.of("most frequent masks", "events"),
                s.commonMasks().stream().map(c -> List.of("`" + c.value() + "`", n(c.events()))).toList());
        doc.chart(Svg.bars("events per 64-byte slice of the 4 KiB page",
                IntStream.range(0, 64).mapToObj(i -> Integer.toString(i * 64)).toList(), toDouble(s.offsetIn4KiB()),
                null, null, false, 8), "offsets modulo 4 KiB");
        List<List<String>> residues = new ArrayList<>();
        residues.add(List.of("4 KiB page", counts(s.pageResidues())));
        residues.add(List.of("write block " + String.join(", ", s.blocks()), counts(s.blockResidues())));
        residues.add(List.of(s.nfsWsizes().isEmpty() ? "NFS wsize (no NFS target among corrupt runs)"
                : "NFS wsize " + String.join(", ", s.nfsWsizes()), s.wsizeResidues().isEmpty()
                ? (s.nfsWsizes().size() > 1 ? "several wsizes" : "-") : counts(s.wsizeResidues())));
        doc.table(List.of("offset modulo", "most frequent remainders (events)"), residues);
        doc.heading(3, "Corrupt cells");
        doc.table(List.of("cell", "first corrupt iteration", "corrupt iterations", "words", "words per GiB",
                "NFS retransmits", "major timeouts", "stalls"), s.corruptCells().stream().limit(SHOWN).map(c -> List.of(
                "`" + c.cell() + "`", n(c.firstCorruptIteration()), n(c.corruptIterations()), n(c.corruptWords()),
                String.format(Locale.ROOT, "%.3g", c.wordsPerGiB()), n(c.nfsRetransmits()), n(c.nfsMajorTimeouts()),
                n(c.stalls()))).toList());
        doc.table(List.of("runs", "count", "NFS retransmits per run", "major timeouts per run", "stalls per run"),
                s.runsCompared().stream().map(r -> List.of(r.runs(), n(r.count()),
                        String.format(Locale.ROOT, "%.2f", r.nfsRetransmitsPerRun()),
                        String.format(Locale.ROOT, "%.2f", r.nfsMajorTimeoutsPerRun()),
                        String.format(Locale.ROOT, "%.2f", r.stallsPerRun()))).toList());
    }

    private static String counts(List<Signature.Count> counts) {
        return counts.isEmpty() ? "-" : String.join(", ", counts.stream().map(c -> c.value() + " (" + c.events() + ")").toList());
    }

    private static double[] toDouble(long[] v) {
        return java.util.Arrays.stream(v).asDoubleStream().toArray();
    }

    // ---- 4. heatmap and hosts

    private void heatmap(Doc doc) {
        Heatmap h = Heatmap.of(design, findings);
        doc.heading(2, "The matrix");
        doc.paragraph("Corrupt / finished iterations per " + h.description() + "; `-` where no run finished"
                + (h.inconclusiveMarked() ? ", `!` where a run hung, failed or was unreachable" : "") + ".");
        doc.heatmap(h.header(), h.rows(), h.shades());
    }

    private void hosts(Doc doc) {
        doc.heading(2, "Hosts");
        Map<String, List<String>> folded = new LinkedHashMap<>();
        for (HostFacts h : data.hostFacts()) {
            folded.computeIfAbsent(hostLine(h.facts()), k -> new ArrayList<>()).add(h.host());
        }
        if (folded.isEmpty()) {
            doc.paragraph("No host facts were stored.");
            return;
        }
        doc.table(List.of("hosts", "facts"), folded.entrySet().stream()
                .map(e -> List.of(String.join(", ", e.getValue()), e.getKey())).toList());
    }

    /** The facts that tell hosts apart, in one line (the hostname left out, so identical hosts fold). */
    private static String hostLine(Facts facts) {
        Facts.Host h = facts.host();
        if (h == null) {
            return "no host facts";
        }
        List<String> parts = new ArrayList<>();
        add(parts, "kernel", h.kernel());
        String model = ((h.vendor() == null ? "" : h.vendor()) + " " + (h.model() == null ? "" : h.model())).trim();
        add(parts, "model", model.isEmpty() ? null : model);
        add(parts, "cpu", h.cpu() == null ? null : (h.cpu().model() == null ? "" : h.cpu().model()) + " x"
                + h.cpu().threads() + ", microcode " + (h.cpu().microcode() == null ? "?" : h.cpu().microcode()));
        add(parts, "memory", h.memoryBytes() == null ? null : ByteSize.approximate(h.memoryBytes()));
        add(parts, "libc", h.libc());
        add(parts, "jvm", h.jvm() == null ? null : h.jvm().version());
        return String.join("; ", parts);
    }

    private static void add(List<String> parts, String name, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(name + " " + value);
        }
    }
}
