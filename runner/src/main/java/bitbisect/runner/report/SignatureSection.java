package bitbisect.runner.report;

import bitbisect.runner.analysis.Kinds;
import bitbisect.runner.analysis.Signature;
import bitbisect.runner.analysis.Text;
import bitbisect.runner.probe.WriterArgs;
import bitbisect.runner.probe.WriterJar;
import bitbisect.runner.store.SweepData;
import bitbisect.writer.units.ByteSize;
import bitbisect.writer.units.Count;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The signature of the corrupt words: which words and bits, where in the file and the page, which
 * kinds of corruption, the corrupt cells, the first events, the evidence kept, and the commands
 * that run a corrupt cell once more by hand.
 */
final class SignatureSection {

    private final SweepData data;
    private final Signature signature;
    private final Kinds kinds;

    SignatureSection(SweepData data, Signature signature, Kinds kinds) {
        this.data = data;
        this.signature = signature;
        this.kinds = kinds;
    }

    void write(Doc doc) {
        Signature s = signature;
        doc.heading(2, "Signature");
        if (s.events() == 0) {
            doc.paragraph(kinds.kinds().isEmpty() ? "No corruption events were stored."
                    : "No wrong word was stored: the corruption is files that came back short.");
            kinds(doc);
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
                "NFS retransmits", "major timeouts", "stalls"), s.corruptCells().stream().limit(ReportWriter.SHOWN).map(c -> List.of(
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
        doc.paragraph("The writer merges corrupt words close together into extents and names each one's kind from"
                + " its content (docs/writer-output.md); stale, misdirected and foreign data are only told apart with"
                + " the `tagged` pattern. A file that came back shorter than written is one extent of kind missing."
                + " " + Count.of(extents, "extent") + " in all.");
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
        // Each corrupt iteration's file is kept until its cell has work.keep_corrupt of them.
        long notKept = data.runs().values().stream().flatMap(List::stream)
                .mapToLong(r -> Math.max(0, r.corruptIterations() - r.kept().size())).sum();
        if (kept.isEmpty() && notKept == 0) {
            return;
        }
        String deleted = notKept == 0 ? "" : "; " + Count.of(notKept, "more corrupt file") + " deleted once verified"
                + " (each cell keeps its first " + data.matrix().work().keepCorrupt() + ", `work.keep_corrupt`; every"
                + " damaged word is in the events)";
        if (kept.isEmpty()) {
            doc.paragraph("Evidence kept by the writer: none" + deleted + ".");
            return;
        }
        doc.paragraph("Evidence kept by the writer: " + Count.of(kept.size(), "file") + " as read back, on the host"
                + " that wrote it" + (kept.size() > ReportWriter.SHOWN ? " (the first " + ReportWriter.SHOWN + " here; `bitbisect status` lists them all)" : "")
                + deleted + ":");
        doc.bullets(kept.stream().limit(ReportWriter.SHOWN).toList());
    }

    /** The writer commands that run the first corrupt cells once more by hand, each on its own host. */
    private void byHand(Doc doc, Signature s) {
        String sha = data.sweep().writerSha256();
        if (sha == null || sha.length() < 16) {
            return;
        }
        String jar = "~/" + WriterJar.hostPath(sha);
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
}
