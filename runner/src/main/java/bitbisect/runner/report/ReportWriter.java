package bitbisect.runner.report;

import bitbisect.runner.analysis.Analysis;
import bitbisect.runner.analysis.Design;
import bitbisect.runner.analysis.Findings;
import bitbisect.runner.analysis.Kinds;
import bitbisect.runner.analysis.Outcomes;
import bitbisect.runner.analysis.Signature;
import bitbisect.runner.analysis.Text;
import bitbisect.runner.store.AtomicFiles;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunTotals;
import bitbisect.runner.store.SweepData;
import bitbisect.writer.event.EventCodec;
import bitbisect.writer.units.ByteSize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a sweep's report: findings.json (the attribution for scripts), report.md and a
 * self-contained report.html with the same content plus plots. Every number comes from the same
 * load of the store that the cube is written from.
 */
public final class ReportWriter {

    /** Rows shown in long tables; findings.json has them all. */
    static final int SHOWN = 20;

    private final SweepData data;
    private final Design design;
    private final Findings findings;
    private final Signature signature;
    private final Kinds kinds;
    private final Outcomes outcomes;

    private ReportWriter(SweepData data, String rerunOptions) {
        this.data = data;
        this.design = Design.of(data);
        Analysis.RerunCommand rerun = (cell, more) -> RerunLine.of(cell, data.sweep().id(), more, rerunOptions);
        List<Findings.InconclusiveCell> inconclusive = inconclusive(data);
        this.findings = Analysis.analyse(design, data.sweep().id(), inconclusive, rerun);
        this.signature = Signature.of(data);
        this.kinds = Kinds.of(data, design, d -> {
            Findings f = Analysis.analyse(d, data.sweep().id(), inconclusive, rerun);
            // the verdict in a few words: the table has a row per kind
            return f.verdict() == Findings.Verdict.EXPLAINED ? "`" + f.explanations().get(0).text() + "` (support "
                    + Text.support(f.explanations().get(0).support()) + ")" : f.headline();
        });
        this.outcomes = Outcomes.of(data, design, d -> Analysis.analyse(d, data.sweep().id(), List.of(), rerun));
    }

    /** The paths written. */
    public record Written(Path html, Path markdown, Path findings, Findings result, Outcomes outcomes, int storeProblems) {

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
        json.set("kinds", EventCodec.mapper().valueToTree(w.kinds.kinds()));
        json.set("outcomes", EventCodec.mapper().valueToTree(w.outcomes.rows()));
        nanToNull(json);
        Path findingsFile = dir.resolve("findings.json");
        Path markdown = dir.resolve("report.md");
        Path html = dir.resolve("report.html");
        AtomicFiles.write(findingsFile, EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        AtomicFiles.write(markdown, doc.markdown().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(html, doc.html("bitbisect report " + data.sweep().id()).getBytes(StandardCharsets.UTF_8));
        return new Written(html, markdown, findingsFile, w.findings, w.outcomes, data.damage().size());
    }

    /**
     * A number that is not one (a rate of no iterations, a test with nothing to compare) is null
     * in findings.json: JSON has no NaN, and the string "NaN" beside numbers breaks pandas and jq.
     */
    private static void nanToNull(com.fasterxml.jackson.databind.JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(f -> {
                com.fasterxml.jackson.databind.JsonNode v = o.get(f);
                if (v.isDouble() && !Double.isFinite(v.doubleValue())) {
                    o.putNull(f);
                } else {
                    nanToNull(v);
                }
            });
        } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isDouble() && !Double.isFinite(a.get(i).doubleValue())) {
                    a.set(i, com.fasterxml.jackson.databind.node.NullNode.getInstance());
                } else {
                    nanToNull(a.get(i));
                }
            }
        }
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
                + " `cube.h5` in the same directory (evidence measures: clean and corrupt runs, and what failed or hung"
                + " runs verified before they failed);"
                + " `findings.json` has the attribution for scripts.", data.sweep().name(), data.sweep().createdAt(),
                data.sweep().seed()));
        doc.contents();
        summary(doc);
        // The picture that answers "where?" at a glance comes before the reasoning about it.
        heatmap(doc);
        new AttributionSection(design, findings).write(doc);
        outcomes(doc);
        new HuntSection(data.hunt()).write(doc);
        new SignatureSection(data, signature, kinds).write(doc);
        new HostsSection(data).write(doc);
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
                        + " (a failure is never evidence; what such a run verified before it is)", t.stream().filter(x -> x.sum().runs(RunStatus.HUNG) > 0).count(),
                t.stream().filter(x -> x.sum().runs(RunStatus.ERROR) > 0).count(),
                t.stream().filter(x -> x.sum().runs(RunStatus.UNREACHABLE) > 0).count())));
        rows.add(List.of("iterations (finished runs)", String.format(Locale.ROOT, "%,d, %,d corrupt",
                findings.totals().iterations(), findings.totals().corruptIterations())));
        rows.add(List.of("bytes written / verified", ByteSize.approximate(all.bytesWritten()) + " / " + ByteSize.approximate(all.bytesVerified())));
        rows.add(List.of("corrupt words", String.format(Locale.ROOT, "%,d (%,d events stored%s%s)", all.corruptWords(),
                signature.events(), data.extents().isEmpty() ? "" : String.format(Locale.ROOT, ", in %,d extents",
                        data.extents().size()), signature.eventsNotPrinted() > 0
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

    // ---- hangs and errors

    /** Hangs, I/O errors by errno and stalls, each explained as corruption is, with the run as the unit. */
    private void outcomes(Doc doc) {
        if (outcomes.rows().isEmpty()) {
            return;
        }
        doc.heading(2, "Hangs, I/O errors and stalls");
        doc.paragraph("Each outcome other than corruption weighed as corruption is, with the run as the unit: every"
                + " run that reached its host is one chance, each that ended so one hit (an error by the errno of its"
                + " first I/O error; stalled: a run that reported an I/O call slower than run.stall, whatever its end)."
                + " What such runs verified before they failed counts as evidence above.");
        doc.table(List.of("outcome", "runs", "cells", "where", "NFS retransmits per run (these / the others)",
                "one of them"), outcomes.rows().stream().map(o -> List.of(
                "**" + o.outcome() + "**", Text.count(o.runs()), Text.count(o.cells()), o.where(),
                String.format(Locale.ROOT, "%.2f / %s", o.nfsRetransmitsPerRun(),
                        Double.isNaN(o.nfsRetransmitsPerRunElsewhere()) ? "-"
                                : String.format(Locale.ROOT, "%.2f", o.nfsRetransmitsPerRunElsewhere())),
                o.example() == null ? "-" : o.example())).toList());
    }

    // ---- 2. heatmap

    private void heatmap(Doc doc) {
        Heatmap h = Heatmap.of(design, findings);
        doc.heading(2, "The matrix");
        doc.paragraph("Corrupt / finished iterations per " + h.description() + "; `-` where no run finished"
                + (h.inconclusiveMarked() ? ", `!` where a run hung, failed or was unreachable" : "") + ".");
        doc.heatmap(h.header(), h.rows(), h.shades());
    }
}
