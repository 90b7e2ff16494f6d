package bitbisect.runner.analysis;

import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.SweepData;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the corrupt words have in common, from the events of every run. Bit b of a mask is bit b
 * of the word read little-endian, so bits 0-31 are bytes 0-3 in file order ("the first 32 bits").
 *
 * @param maskBits          events per mask bit, bit 0 first
 * @param bytes             events per byte of the word that differs, byte 0 (lowest file offset) first
 * @param offsetIn4KiB      events per 64-byte slice of the 4 KiB page (offset mod 4096 / 64)
 * @param commonMasks       the most frequent masks
 * @param pageResidues      the most frequent offsets mod 4 KiB
 * @param blockResidues     the most frequent offsets mod the run's write block
 * @param wsizeResidues     the most frequent offsets mod the NFS wsize, when every corrupt run has the same one
 * @param corruptCells      per corrupt cell: first corrupt iteration, words, words per GiB, NFS and stall counts
 * @param runsCompared      NFS retransmits, major timeouts and stalls per run, in corrupt runs and in clean ones
 */
public record Signature(
        long events,
        long eventsNotPrinted,
        long corruptWords,
        long[] maskBits,
        long[] bytes,
        long expectedAllOnes,
        long expectedAllZeros,
        long expectedOther,
        long bitsOneToZero,
        long bitsZeroToOne,
        List<Count> commonMasks,
        @JsonProperty("offset_in_4kib") long[] offsetIn4KiB,
        List<Count> pageResidues,
        List<String> blocks,
        List<Count> blockResidues,
        List<String> nfsWsizes,
        List<Count> wsizeResidues,
        @JsonProperty("words_per_gib") double wordsPerGiB,
        List<CorruptCell> corruptCells,
        List<RunsCompared> runsCompared) {

    private static final Pattern WSIZE = Pattern.compile("(?:^|,)wsize=(\\d+)");
    private static final int TOP = 5;
    private static final double GIB = 1L << 30;

    /** A value and how many events have it. */
    public record Count(String value, long events) {
    }

    public record CorruptCell(String cell, long firstCorruptIteration, long corruptIterations, long corruptWords,
                              double gibVerified, @JsonProperty("words_per_gib") double wordsPerGiB, long nfsRetransmits, long nfsMajorTimeouts,
                              long stalls) {
    }

    public record RunsCompared(String runs, long count, double nfsRetransmitsPerRun, double nfsMajorTimeoutsPerRun,
                               double stallsPerRun) {
    }

    public static Signature of(SweepData data) {
        long[] bits = new long[64];
        long[] bytes = new long[8];
        long[] slices = new long[64];
        long[] page = new long[4096 / 8];
        long ones = 0, zeros = 0, other = 0, oneToZero = 0, zeroToOne = 0;
        LongCounts masks = new LongCounts();
        LongCounts blockResidues = new LongCounts();
        LongCounts wsizeResidues = new LongCounts();
        Map<Long, SweepData.RunDetail> detailByRun = new HashMap<>();
        data.details().forEach(d -> detailByRun.put(SweepData.runKey(d.cell(), d.run()), d));
        TreeSet<Long> wsizes = new TreeSet<>();
        TreeSet<Long> blocks = new TreeSet<>();
        for (SweepData.RunDetail d : data.details()) {
            if (d.evidence() && d.firstCorruptIteration() > 0) {
                blocks.add(d.block());
                Long w = wsize(d);
                if (w != null) {
                    wsizes.add(w);
                }
            }
        }
        Long wsize = wsizes.size() == 1 ? wsizes.first() : null;
        long detailRun = -1;
        SweepData.RunDetail d = null;
        long events = 0;
        for (SweepData.CorruptionRow e : data.events()) {
            long run = SweepData.runKey(e.cell(), e.run());
            if (run != detailRun) { // a run's events come together: one lookup per run
                detailRun = run;
                d = detailByRun.get(run);
            }
            if (d == null || !d.evidence()) {
                continue; // the words of a run that cannot count are not the sweep's signature either
            }
            events++;
            long mask = e.mask();
            if (e.expected() == -1L) {
                ones++;
            } else if (e.expected() == 0) {
                zeros++;
            } else {
                other++;
            }
            oneToZero += Long.bitCount(mask & e.expected());
            zeroToOne += Long.bitCount(mask & ~e.expected());
            masks.add(mask);
            long inPage = e.offset() & 4095;
            slices[(int) (inPage >>> 6)]++;
            page[(int) (inPage >>> 3)]++;
            if (d.block() > 0) {
                blockResidues.add(e.offset() % d.block());
            }
            if (wsize != null) {
                wsizeResidues.add(e.offset() % wsize);
            }
        }
        // Bits and bytes per distinct mask, not per event: a fault that flips the same 32 bits
        // in a million words cost 32 million steps here (0.1-0.2 s of a large report).
        masks.forEach((mask, count) -> {
            for (long m = mask; m != 0; m &= m - 1) {
                bits[Long.numberOfTrailingZeros(m)] += count;
            }
            for (int b = 0; b < 8; b++) {
                if ((mask >>> (8 * b) & 0xff) != 0) {
                    bytes[b] += count;
                }
            }
        });
        LongCounts pageCounts = new LongCounts();
        for (int i = 0; i < page.length; i++) {
            if (page[i] > 0) {
                pageCounts.add((long) i * 8, page[i]);
            }
        }
        List<Count> topMasks = top(masks, m -> String.format("0x%016x", m));
        long words = data.totals().stream().mapToLong(t -> t.sum().evidenceCorruptWords()).sum();
        long verified = data.totals().stream().mapToLong(t -> t.sum().evidenceBytesVerified()).sum();
        return new Signature(events, data.details().stream().filter(SweepData.RunDetail::evidence)
                .mapToLong(SweepData.RunDetail::eventsNotPrinted).sum(), words, bits, bytes,
                ones, zeros, other, oneToZero, zeroToOne, topMasks, slices, top(pageCounts, Signature::bytesText),
                blocks.stream().map(Signature::bytesText).toList(), top(blockResidues, Signature::bytesText),
                wsizes.stream().map(Signature::bytesText).toList(), top(wsizeResidues, Signature::bytesText),
                verified == 0 ? 0 : words / (verified / GIB), corruptCells(data), compare(data));
    }


    private static Long wsize(SweepData.RunDetail d) {
        for (String options : new String[] {d.nfsOptions(), d.mountOptions()}) {
            if (options != null) {
                Matcher m = WSIZE.matcher(options);
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
        }
        return null;
    }

    private static List<Count> top(LongCounts counts, java.util.function.LongFunction<String> name) {
        return counts.top(TOP).stream().map(e -> new Count(name.apply(e.value()), e.count())).toList();
    }

    /** 4096 as "4096 (4KiB)", small offsets as plain numbers. */
    static String bytesText(long bytes) {
        return bytes >= 1024 && bytes % 1024 == 0
                ? bytes + " (" + bitbisect.writer.units.ByteSize.of(bytes) + ")" : Long.toString(bytes);
    }

    private static List<CorruptCell> corruptCells(SweepData data) {
        List<CorruptCell> out = new ArrayList<>();
        for (int c = 0; c < data.totals().size(); c++) {
            SweepData.CellTotals t = data.totals().get(c);
            if (t.sum().evidenceCorruptIterations() == 0) {
                continue;
            }
            double gib = t.sum().evidenceBytesVerified() / GIB;
            out.add(new CorruptCell(data.matrix().cells().get(c).id(), t.firstCorruptIteration(),
                    t.sum().evidenceCorruptIterations(), t.sum().evidenceCorruptWords(), gib,
                    gib == 0 ? 0 : t.sum().evidenceCorruptWords() / gib, t.nfsRetransmits(),
                    t.nfsMajorTimeouts(), t.stalls()));
        }
        out.sort(Comparator.comparingLong(CorruptCell::corruptWords).reversed().thenComparing(CorruptCell::cell));
        return out;
    }

    private static List<RunsCompared> compare(SweepData data) {
        List<RunsCompared> out = new ArrayList<>();
        for (RunStatus status : List.of(RunStatus.CORRUPT, RunStatus.CLEAN, RunStatus.HUNG, RunStatus.ERROR)) {
            List<SweepData.RunDetail> runs = data.details().stream().filter(d -> d.status() == status).toList();
            if (!runs.isEmpty()) {
                out.add(new RunsCompared(status.label(), runs.size(),
                        runs.stream().mapToLong(SweepData.RunDetail::nfsRetransmits).average().orElse(0),
                        runs.stream().mapToLong(SweepData.RunDetail::nfsMajorTimeouts).average().orElse(0),
                        runs.stream().mapToLong(SweepData.RunDetail::stalls).average().orElse(0)));
            }
        }
        return out;
    }
}
