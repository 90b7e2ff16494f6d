package bitbisect.runner.analysis;

import bitbisect.runner.matrix.FixedAxis;
import bitbisect.writer.io.SyncMode;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/** How conditions, rates and p-values are written, the same in every output. */
public final class Text {

    private Text() {
    }

    /** "=" for one value, ">=" or "<=" for a threshold on an ordered axis, "in" otherwise. */
    static Findings.Op op(Design.Axis axis, BitSet values) {
        if (values.cardinality() == 1) {
            return Findings.Op.EQUALS;
        }
        if (axis.ordered()) {
            int low = Integer.MAX_VALUE;
            int high = -1;
            for (int v = values.nextSetBit(0); v >= 0; v = values.nextSetBit(v + 1)) {
                low = Math.min(low, axis.rank()[v]);
                high = Math.max(high, axis.rank()[v]);
            }
            int last = axis.values().size() - 1;
            if (values.cardinality() == high - low + 1) { // contiguous in order
                if (high == last) {
                    return Findings.Op.AT_LEAST;
                }
                if (low == 0) {
                    return Findings.Op.AT_MOST;
                }
            }
        }
        return Findings.Op.IN;
    }

    /** kernel=5.1, size >= 64MiB, sync in {buffered, fsync}. */
    static String condition(Design.Axis axis, BitSet values) {
        List<String> names = values.stream().mapToObj(v -> axis.values().get(v)).toList();
        return switch (op(axis, values)) {
            case EQUALS -> axis.name() + "=" + names.get(0);
            case AT_LEAST -> axis.name() + " >= " + extreme(axis, values, true);
            case AT_MOST -> axis.name() + " <= " + extreme(axis, values, false);
            case IN -> axis.name() + " in {" + String.join(", ", names) + "}";
        };
    }

    private static String extreme(Design.Axis axis, BitSet values, boolean lowest) {
        int best = values.nextSetBit(0);
        for (int v = values.nextSetBit(0); v >= 0; v = values.nextSetBit(v + 1)) {
            if (lowest ? axis.rank()[v] < axis.rank()[best] : axis.rank()[v] > axis.rank()[best]) {
                best = v;
            }
        }
        return axis.values().get(best);
    }

    /** What a set of sync modes has in common, when it is something a storage engineer names; else null. */
    static String meaning(Design.Axis axis, BitSet values) {
        if (FixedAxis.of(axis.name()).orElse(null) != FixedAxis.SYNC) {
            return null;
        }
        List<SyncMode> all = axis.values().stream().map(SyncMode::parse).toList();
        List<SyncMode> modes = values.stream().mapToObj(all::get).toList();
        List<SyncMode> unsynced = all.stream().filter(m -> !m.opensSynchronously()).toList();
        if (modes.equals(List.of(SyncMode.BUFFERED))) {
            return "writes left in the page cache until close";
        }
        if (modes.size() > 1 && modes.equals(unsynced) && unsynced.size() < all.size()) {
            return "writes not opened with O_SYNC or O_DSYNC";
        }
        if (modes.equals(List.of(SyncMode.OSYNC))) {
            return "writes opened with O_SYNC";
        }
        if (modes.equals(List.of(SyncMode.ODSYNC))) {
            return "writes opened with O_DSYNC";
        }
        if (modes.stream().allMatch(SyncMode::opensSynchronously)) {
            return "writes opened with O_SYNC or O_DSYNC";
        }
        return null;
    }

    public static String percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return "n/a";
        }
        double p = fraction * 100;
        if (p == 0) {
            return "0%";
        }
        if (p >= 10) {
            return String.format(Locale.ROOT, "%.0f%%", p);
        }
        if (p >= 1) {
            return String.format(Locale.ROOT, "%.1f%%", p);
        }
        return String.format(Locale.ROOT, "%.2g%%", p);
    }

    /** A probability to two significant digits: 0.44, 0.0031, 2.1e-06; 0 and 1 as such. */
    public static String probability(double q) {
        if (q <= 1e-12) {
            return "0";
        }
        if (q >= 1 - 1e-12) {
            return "1";
        }
        return q >= 0.001 ? String.format(Locale.ROOT, "%.2g", q) : String.format(Locale.ROOT, "%.1e", q);
    }

    /** A positive quantity to two significant digits, without an exponent from 0.001 to a million: 0.098, 77, 260. */
    public static String figure(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v >= 100 && v < 1e6) {
            return String.format(Locale.ROOT, "%,d", Math.round(v / Math.pow(10, Math.floor(Math.log10(v)) - 1))
                    * (long) Math.pow(10, Math.floor(Math.log10(v)) - 1));
        }
        return v >= 0.001 && v < 1e6 ? String.format(Locale.ROOT, "%.2g", v) : String.format(Locale.ROOT, "%.1e", v);
    }

    /** A support (a share of the evidence) as a percentage that never rounds to 100% or 0% unless it is. */
    public static String support(double s) {
        if (s >= 1) {
            return "100%";
        }
        if (s > 0.999) {
            return String.format(Locale.ROOT, "%.2f%%", Math.min(99.99, s * 100));
        }
        if (s >= 0.01) {
            return String.format(Locale.ROOT, "%.1f%%", s * 100);
        }
        return s <= 0 ? "0%" : String.format(Locale.ROOT, "%.1e", s);
    }

    /** "12,345" */
    public static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    public static String p(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
    }

    /** "34 / 120 (28%, 20-37%)" */
    public static String rate(long k, long n, double low, double high) {
        if (n == 0) {
            return "no finished iterations";
        }
        return String.format(Locale.ROOT, "%,d / %,d (%s, 95%% CI %s-%s)", k, n, percent((double) k / n), percent(low),
                percent(high));
    }
}
