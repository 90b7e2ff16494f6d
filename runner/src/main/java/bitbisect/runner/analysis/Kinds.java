package bitbisect.runner.analysis;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.probe.WriterArgs;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepData;
import bitbisect.writer.pattern.Pattern;
import bitbisect.writer.verify.CorruptionKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What kinds of corruption the sweep saw, from the writer's extents: per kind, its extents,
 * words, cells and corrupt iterations, where its content came from, and, when the sweep saw
 * more than one kind, the explanation of that kind's corrupt iterations alone (kinds are a
 * factor: "only stale pages, only via NFS").
 *
 * @param kinds one row per kind seen, most words first
 */
public record Kinds(List<Row> kinds) {

    /**
     * @param source      where the content came from, in words (empty where the kind has no source)
     * @param explanation the headline of this kind's corrupt iterations alone; null with one kind
     */
    public record Row(CorruptionKind kind, String meaning, long extents, long words, long cells, long corruptIterations,
                      long largestExtent, String source, String explanation) {
    }

    /** How often the commonest sources are named. */
    private static final int TOP = 3;

    public static Kinds of(SweepData data, Design design, Explainer explainer) {
        Map<CorruptionKind, List<SweepData.ExtentRow>> byKind = new EnumMap<>(CorruptionKind.class);
        Set<Long> evidenceRuns = new HashSet<>();
        data.details().stream().filter(SweepData.RunDetail::evidence)
                .forEach(d -> evidenceRuns.add(SweepData.runKey(d.cell(), d.run())));
        for (SweepData.ExtentRow x : data.extents()) {
            if (evidenceRuns.contains(SweepData.runKey(x.cell(), x.run()))) { // the attribution's runs, no others
                byKind.computeIfAbsent(x.kind(), k -> new ArrayList<>()).add(x);
            }
        }
        Map<Integer, String> files = byKind.containsKey(CorruptionKind.FOREIGN) ? files(data) : Map.of();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<CorruptionKind, List<SweepData.ExtentRow>> e : byKind.entrySet()) {
            List<SweepData.ExtentRow> xs = e.getValue();
            long[] k = new long[design.cells()];
            long[] words = new long[design.cells()];
            Set<Iteration> iterations = new HashSet<>();
            for (SweepData.ExtentRow x : xs) {
                if (iterations.add(new Iteration(x.cell(), x.run(), x.iteration()))) {
                    k[x.cell()]++;
                }
                words[x.cell()] += x.words();
            }
            String explanation = byKind.size() > 1 ? explainer.headline(design.withCorruption(k, words)) : null;
            rows.add(new Row(e.getKey(), e.getKey().meaning(), xs.size(), xs.stream().mapToLong(SweepData.ExtentRow::words).sum(),
                    xs.stream().mapToInt(SweepData.ExtentRow::cell).distinct().count(), java.util.Arrays.stream(k).sum(),
                    xs.stream().mapToLong(SweepData.ExtentRow::length).max().orElse(0), source(e.getKey(), xs, files),
                    explanation));
        }
        Row missing = missing(data, design, explainer, byKind.isEmpty());
        if (missing != null) {
            rows.add(missing);
        }
        rows.sort(java.util.Comparator.comparingLong(Row::words).reversed());
        return new Kinds(rows);
    }

    /**
     * Files that came back short, as a kind of their own: each short iteration is one extent, the
     * bytes it lacked its words; null when none did. {@code alone}: no other kind was seen.
     */
    private static Row missing(SweepData data, Design design, Explainer explainer, boolean alone) {
        long[] k = new long[design.cells()];
        long[] words = new long[design.cells()];
        long extents = 0;
        long largest = 0;
        Set<Integer> cells = new HashSet<>();
        for (SweepData.RunDetail d : data.details()) {
            if (d.shortIterations() == 0 || !d.evidence()) {
                continue;
            }
            cells.add(d.cell());
            extents += d.shortIterations();
            words[d.cell()] += d.missingBytes() / 8;
            k[d.cell()] += d.shortIterations();
            long size = bitbisect.writer.units.ByteSize.parse(data.matrix().cells().get(d.cell()).size()).bytes();
            largest = Math.max(largest, size - d.shortestBytes());
        }
        if (extents == 0) {
            return null;
        }
        return new Row(CorruptionKind.MISSING, CorruptionKind.MISSING.meaning(), extents,
                java.util.Arrays.stream(words).sum(), cells.size(),
                java.util.Arrays.stream(k).sum(), largest, "", alone ? null : explainer.headline(design.withCorruption(k, words)));
    }

    private record Iteration(int cell, int run, long iteration) {
    }

    /** The analysis of a design whose corruption is one kind's, as its headline. */
    public interface Explainer {
        String headline(Design design);
    }


    /** The commonest sources of a kind's content: iterations for stale, distances for misplaced, files for foreign. */
    private static String source(CorruptionKind kind, List<SweepData.ExtentRow> xs, Map<Integer, String> files) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (SweepData.ExtentRow x : xs) {
            String s = switch (kind) {
                case STALE, TORN -> x.sourceIteration() == null ? null
                        : x.sourceIteration() == x.iteration() - 1 ? "the iteration before"
                        : (x.iteration() - x.sourceIteration()) + " iterations before";
                case MISDIRECTED -> x.sourceOffset() == null ? null : "belongs " + distance(x.sourceOffset() - x.offset())
                        + (x.sourceIteration() != null && x.sourceIteration() != x.iteration() ? ", from an earlier iteration" : "");
                case FOREIGN -> x.sourceTag() == null ? null : files.getOrDefault(x.sourceTag(),
                        String.format(Locale.ROOT, "a file not of this sweep (tag 0x%04x)", x.sourceTag()));
                default -> null;
            };
            if (s != null) {
                counts.merge(s, 1L, Long::sum);
            }
        }
        return String.join("; ", counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .map(c -> c.getKey() + " (" + Text.count(c.getValue()) + ")").toList());
    }

    private static String distance(long bytes) {
        String sign = bytes < 0 ? "-" : "+";
        long b = Math.abs(bytes);
        return sign + (b % 1024 == 0 ? bitbisect.writer.units.ByteSize.of(b).toString() : b + " bytes") + " from where it was found";
    }

    /**
     * The test files of the sweep by the tag their name gives a {@code tagged} pattern, as
     * "cell C run R" (with the iteration for remote read-back, which writes a file per
     * iteration); names that share a tag are all given.
     */
    private static Map<Integer, String> files(SweepData data) {
        Map<Integer, List<String>> byTag = new TreeMap<>();
        Map<String, Cell> cells = new HashMap<>();
        data.matrix().cells().forEach(c -> cells.put(c.id(), c));
        for (List<RunSummary> runs : data.runs().values()) {
            for (RunSummary r : runs) {
                Cell cell = cells.get(r.cell());
                if (cell == null || r.status() == RunStatus.UNREACHABLE) {
                    continue;
                }
                if (data.matrix().verifier(cell) == null) {
                    byTag.computeIfAbsent(Pattern.Tagged.tagOf(WriterArgs.fileName(cell, r.run(), r.attempt())),
                            t -> new ArrayList<>()).add("cell " + cell.id() + " run " + r.run());
                } else {
                    for (long i = 1; i <= r.iterations(); i++) {
                        byTag.computeIfAbsent(Pattern.Tagged.tagOf(WriterArgs.remoteFileName(cell, r.run(), r.attempt(), i)),
                                t -> new ArrayList<>()).add("cell " + cell.id() + " run " + r.run() + " iteration " + i);
                    }
                }
            }
        }
        Map<Integer, String> out = new HashMap<>();
        byTag.forEach((tag, names) -> out.put(tag, String.join(" or ", names.stream().limit(3).toList())));
        return out;
    }
}
