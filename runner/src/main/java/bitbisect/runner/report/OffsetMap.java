package bitbisect.runner.report;

import bitbisect.runner.analysis.Signature;
import bitbisect.runner.matrix.Cell;
import bitbisect.runner.store.SweepData;
import bitbisect.writer.units.ByteSize;
import java.util.ArrayList;
import java.util.List;

/**
 * Where in the file the corrupt words sit: one strip per corrupt cell (most corrupt words first),
 * as long as its file, the stored events counted in {@link #BINS} equal stretches of the largest
 * file. A lost or torn region shows as a block, a flip at a fixed offset as one mark, scattered
 * flips as dust.
 */
final class OffsetMap {

    static final int BINS = 160;
    static final int MAX_CELLS = 20;

    private OffsetMap() {
    }

    /** The chart, or null when no event was stored. */
    static String svg(SweepData data, List<Signature.CorruptCell> corruptCells) {
        List<String> shown = corruptCells.stream().limit(MAX_CELLS).map(Signature.CorruptCell::cell).toList();
        int[] row = new int[data.matrix().cells().size()]; // each cell's strip, -1 for a cell not shown
        java.util.Arrays.fill(row, -1);
        long[] sizes = new long[shown.size()];
        long span = 0;
        for (int i = 0; i < shown.size(); i++) {
            Cell cell = data.matrix().cell(shown.get(i)).orElseThrow();
            row[data.matrix().cells().indexOf(cell)] = i;
            sizes[i] = ByteSize.parse(cell.size()).bytes();
            span = Math.max(span, sizes[i]);
        }
        if (span == 0 || data.events().isEmpty()) {
            return null;
        }
        long[][] bins = new long[shown.size()][BINS];
        for (SweepData.CorruptionRow e : data.events()) {
            int r = row[e.cell()];
            if (r >= 0 && e.offset() >= 0 && e.offset() < span) {
                bins[r][(int) (e.offset() * (double) BINS / span)]++;
            }
        }
        long unit = 1;
        String symbol = "B";
        for (String s : new String[] {"KiB", "MiB", "GiB", "TiB"}) {
            if (span >= unit * 1024) {
                unit *= 1024;
                symbol = s;
            }
        }
        double perUnit = unit;
        String unitSymbol = symbol;
        List<Svg.Strip> strips = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            strips.add(new Svg.Strip(shown.get(i), sizes[i] / perUnit, bins[i]));
        }
        return Svg.strips("where in the file the stored corruption events sit", "byte offset in the file ("
                + unitSymbol + ")", span / perUnit, v -> Svg.compact(v) + " " + unitSymbol, strips, "events at");
    }
}
