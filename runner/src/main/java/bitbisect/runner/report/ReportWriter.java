package bitbisect.runner.report;

import bitbisect.runner.execute.WriterJar;
import bitbisect.runner.store.HostFacts;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.RunTotals;
import bitbisect.runner.store.SweepData;
import bitbisect.runner.sweep.WriterArgs;
import bitbisect.writer.facts.Facts;
import bitbisect.runner.store.AtomicFiles;
import bitbisect.runner.store.RunStatus;
import bitbisect.writer.event.EventCodec;
import bitbisect.writer.units.ByteSize;
import bitbisect.writer.units.Count;
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
    private final Kinds kinds;

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
        json.set("kinds", EventCodec.mapper().valueToTree(w.kinds.kinds()));
        nanToNull(json);
        Path findingsFile = dir.resolve("findings.json");
        Path markdown = dir.resolve("report.md");
        Path html = dir.resolve("report.html");
        AtomicFiles.write(findingsFile, EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        AtomicFiles.write(markdown, doc.markdown().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(html, doc.html("bitbisect report " + data.sweep().id()).getBytes(StandardCharsets.UTF_8));
        return new Written(html, markdown, findingsFile, w.findings, data.damage().size());
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
                + " `cube.h5` in the same directory (evidence measures: runs that finished clean or corrupt);"
                + " `findings.json` has the attribution for scripts.", data.sweep().name(), data.sweep().createdAt(),
                data.sweep().seed()));
        doc.contents();
        summary(doc);
        // The picture that answers "where?" at a glance comes before the reasoning about it.
        heatmap(doc);
        new AttributionSection(design, findings).write(doc);
        new HuntSection(data.hunt()).write(doc);
        signature(doc);
        overTime(doc);
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
                List.of("all ones (0xffffffffffffffff)", Text.count(s.expectedAllOnes())),
                List.of("all zeros", Text.count(s.expectedAllZeros())),
                List.of("other (other patterns)", Text.count(s.expectedOther()))));
        kinds(doc);
        doc.paragraph(String.format(Locale.ROOT, "Bits flipped 1 to 0: %,d; 0 to 1: %,d.", s.bitsOneToZero(),
                s.bitsZeroToOne()));
        doc.chart(new Svg.Bars("events per mask bit (bit 0 = lowest bit of byte 0)", "bit of the 64-bit word",
                "events", Svg.Unit.COUNT, IntStream.range(0, 64).mapToObj(Integer::toString).toList(),
                toDouble(s.maskBits()), null, null, 8).svg(),
                "XOR mask bit histogram, bits 0-63");
        List<List<String>> bits = new ArrayList<>();
        for (int b = 0; b < 64; b += 8) {
            List<String> row = new ArrayList<>();
            row.add("bits " + b + "-" + (b + 7) + " (byte " + b / 8 + ")");
            for (int i = b; i < b + 8; i++) {
                row.add(Text.count(s.maskBits()[i]));
            }
            bits.add(row);
        }
        doc.table(List.of("events per bit", "+0", "+1", "+2", "+3", "+4", "+5", "+6", "+7"), bits);
        doc.table(List.of("most frequent masks", "events"),
                s.commonMasks().stream().map(c -> List.of("`" + c.value() + "`", Text.count(c.events()))).toList());
        doc.chart(new Svg.Bars("events per 64-byte slice of the 4 KiB page", "byte offset in the page",
                "events", Svg.Unit.COUNT, IntStream.range(0, 64).mapToObj(i -> Integer.toString(i * 64)).toList(),
                toDouble(s.offsetIn4KiB()), null, null, 8).svg(), "offsets modulo 4 KiB");
        String offsets = OffsetMap.svg(data, s.corruptCells());
        if (offsets != null) {
            doc.chart(offsets, "each strip is a corrupt cell's file (grey as long as the file), each mark the stored"
                    + " events in 1/" + OffsetMap.BINS + " of the largest file, darker for more; hover for counts");
        }
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
                "`" + c.cell() + "`", Text.count(c.firstCorruptIteration()), Text.count(c.corruptIterations()), Text.count(c.corruptWords()),
                String.format(Locale.ROOT, "%.3g", c.wordsPerGiB()), Text.count(c.nfsRetransmits()), Text.count(c.nfsMajorTimeouts()),
                Text.count(c.stalls()))).toList());
        byHand(doc, s);
        firstEvents(doc);
        keptEvidence(doc);
        doc.table(List.of("runs", "count", "NFS retransmits per run", "major timeouts per run", "stalls per run"),
                s.runsCompared().stream().map(r -> List.of(r.runs(), Text.count(r.count()),
                        String.format(Locale.ROOT, "%.2f", r.nfsRetransmitsPerRun()),
                        String.format(Locale.ROOT, "%.2f", r.nfsMajorTimeoutsPerRun()),
                        String.format(Locale.ROOT, "%.2f", r.stallsPerRun()))).toList());
    }

    /** What kind of corruption it is, per kind, and where each kind alone is found when there are several. */
    private void kinds(Doc doc) {
        if (kinds.kinds().isEmpty()) {
            return;
        }
        doc.heading(3, "Kinds");
        long extents = kinds.kinds().stream().mapToLong(Kinds.Row::extents).sum();
        doc.paragraph("The writer merges corrupt words close together into " + Count.of(extents, "extent") + " and"
                + " names each one's kind from its content (docs/writer-output.md); stale, misdirected and foreign"
                + " data are only told apart with the `tagged` pattern.");
        boolean several = kinds.kinds().size() > 1;
        List<String> header = new ArrayList<>(List.of("kind", "what it is", "extents", "words", "cells",
                "corrupt iterations", "largest", "content from"));
        if (several) {
            header.add("where (this kind alone)");
        }
        doc.table(header, kinds.kinds().stream().map(k -> {
            List<String> row = new ArrayList<>(List.of("**" + k.kind().label() + "**", k.meaning(), Text.count(k.extents()),
                    Text.count(k.words()), Text.count(k.cells()), Text.count(k.corruptIterations()),
                    ByteSize.approximate(k.largestExtent()), k.source().isEmpty() ? "-" : k.source()));
            if (several) {
                row.add(k.explanation());
            }
            return row;
        }).toList());
    }

    /** The first corruption events as stored, word by word. */
    private void firstEvents(Doc doc) {
        List<SweepData.CorruptionRow> events = data.events().stream().limit(10).toList();
        if (events.isEmpty()) {
            return;
        }
        doc.paragraph("The first " + Count.of(events.size(), "corruption event") + " as stored (all of them are in"
                + " `cube.h5` under `/events`, and in each run's `.jsonl`):");
        doc.table(List.of("cell", "run", "iteration", "offset", "expected", "actual", "mask"), events.stream()
                .map(e -> List.of("`" + data.matrix().cells().get(e.cell()).id() + "`", Integer.toString(e.run()),
                        Long.toString(e.iteration()), Long.toString(e.offset()), hex(e.expected()), hex(e.actual()),
                        hex(e.mask()))).toList());
    }

    private static String hex(long word) {
        return String.format("`0x%016x`", word);
    }

    /** The files the writer kept as evidence (each corrupt file, renamed .corrupt), where they are on their hosts. */
    private void keptEvidence(Doc doc) {
        List<String> kept = new ArrayList<>();
        data.runs().forEach((cell, runs) -> runs.forEach(r -> r.kept().forEach(k -> kept.add("`" + k + "` (on "
                + r.host() + ", " + cell + " run " + r.run() + ")"))));
        if (kept.isEmpty()) {
            return;
        }
        doc.paragraph("Evidence kept by the writer: " + Count.of(kept.size(), "file") + " as read back, on the host"
                + " that wrote it" + (kept.size() > SHOWN ? " (the first " + SHOWN + " here; `bitbisect status` lists them all)" : "") + ":");
        doc.bullets(kept.stream().limit(SHOWN).toList());
    }

    /** The writer commands that run the first corrupt cells once more by hand, each on its own host. */
    private void byHand(Doc doc, Signature s) {
        String sha = data.sweep().writerSha256();
        if (sha == null || sha.length() < 16) {
            return;
        }
        String jar = "~/.cache/bitbisect/" + WriterJar.fileName(sha);
        List<String> commands = s.corruptCells().stream().limit(3)
                .map(c -> data.matrix().cell(c.cell()).orElseThrow())
                .map(cell -> {
                    String command = WriterArgs.byHand(data.matrix(), cell, jar);
                    return command == null ? null : "# on " + cell.host() + "\n" + command;
                })
                .filter(java.util.Objects::nonNull).toList();
        if (!commands.isEmpty()) {
            doc.paragraph("To run a corrupt cell once more by hand, on its host, with the writer this sweep used (`" + jar
                    + "` where bitbisect deployed it, or any copy with SHA-256 `" + sha.substring(0, 16)
                    + "...`):");
            doc.code(String.join("\n", commands));
        }
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

    /** When each host ran what, and where the corruption fell in time. */
    private void overTime(Doc doc) {
        String chart = Timeline.svg(data.runs().values());
        if (chart == null) {
            return;
        }
        doc.heading(2, "Over time");
        doc.chart(chart, "one lane per host (the host that wrote); a column shows the worst ending among the runs in"
                + " it, so one corrupt run stays visible among many clean ones; hover for the runs");
        Map<String, RunSummary> firstCorrupt = new java.util.TreeMap<>();
        data.runs().values().stream().flatMap(List::stream).filter(r -> r.status() == RunStatus.CORRUPT)
                .forEach(r -> firstCorrupt.merge(r.host(), r, (a, b) -> Timeline.started(b) < Timeline.started(a) ? b : a));
        List<List<String>> first = firstCorrupt.values().stream().map(r -> List.of(r.host(), r.startedAt(),
                "`" + r.cell() + "`", Integer.toString(r.run()))).toList();
        if (!first.isEmpty()) {
            doc.paragraph("The first corrupt run of each host (its first corrupt iteration is in the table of corrupt"
                    + " cells):");
            doc.table(List.of("host", "run started", "cell", "run"), first);
        }
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
