package bitbisect.runner.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * How often each long value was seen, without boxing: the signature counts masks and offset
 * residues of every corruption event, a million of them in a large sweep, where a
 * {@code HashMap<Long, Long>} merge per event was a tenth of the report's time.
 */
final class LongCounts {

    /** A value and its count. */
    record Entry(long value, long count) {
    }

    private long[] values = new long[64];
    private long[] counts = new long[64]; // 0: a free slot
    private int size;

    void add(long value) {
        add(value, 1);
    }

    /** Counts {@code value} {@code n} more times ({@code n > 0}). */
    void add(long value, long n) {
        int slot = slot(values, counts, value);
        if (counts[slot] == 0) {
            values[slot] = value;
            if (++size * 2 > values.length) {
                counts[slot] = n;
                grow();
                return;
            }
        }
        counts[slot] += n;
    }

    /** Takes a value and its count. */
    @FunctionalInterface
    interface Visitor {
        void visit(long value, long count);
    }

    /** Every value counted, with its count, in no particular order. */
    void forEach(Visitor visitor) {
        for (int i = 0; i < values.length; i++) {
            if (counts[i] != 0) {
                visitor.visit(values[i], counts[i]);
            }
        }
    }

    /** The {@code k} values counted most, most first; equal counts by the smaller value first. */
    List<Entry> top(int k) {
        List<Entry> best = new ArrayList<>(k + 1);
        for (int i = 0; i < values.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            Entry e = new Entry(values[i], counts[i]);
            int at = best.size();
            while (at > 0 && before(e, best.get(at - 1))) {
                at--;
            }
            if (at < k) {
                best.add(at, e);
                if (best.size() > k) {
                    best.remove(k);
                }
            }
        }
        return best;
    }

    private static boolean before(Entry a, Entry b) {
        return a.count() != b.count() ? a.count() > b.count() : a.value() < b.value();
    }

    private void grow() {
        long[] oldValues = values;
        long[] oldCounts = counts;
        values = new long[oldValues.length * 2];
        counts = new long[oldCounts.length * 2];
        for (int i = 0; i < oldValues.length; i++) {
            if (oldCounts[i] != 0) {
                int slot = slot(values, counts, oldValues[i]);
                values[slot] = oldValues[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    /** The slot holding {@code value}, or the free slot where it goes (linear probing). */
    private static int slot(long[] values, long[] counts, long value) {
        int mask = values.length - 1;
        int i = (int) ((value * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        while (counts[i] != 0 && values[i] != value) {
            i = (i + 1) & mask;
        }
        return i;
    }
}
