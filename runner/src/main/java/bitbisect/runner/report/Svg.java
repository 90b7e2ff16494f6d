package bitbisect.runner.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Bar, line, lane and strip charts as inline SVG, with no dependency: the report stays one
 * self-contained file. Every chart has a title that fits, a named and ticked y axis at round
 * values, and a named x axis.
 */
final class Svg {

    /** The colour of corruption in every chart; other amounts are drawn in a neutral one. */
    static final String CORRUPT = "#c0392b";
    static final String NEUTRAL = "#7f98b0";

    private static final int HEIGHT = 180;
    private static final int TOP = 26;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    /** Width of an average character at the sizes used (11 px DejaVu Sans; bold is wider). */
    private static final double CHAR = 6.4;
    private static final double BOLD_CHAR = 7.2;

    private Svg() {
    }

    /** What the numbers on a y axis are: whole counts, shares shown as percent, or any amount. */
    enum Unit {
        COUNT, SHARE, AMOUNT;

        String format(double v) {
            return switch (this) {
                case SHARE -> plain(v * 100) + "%";
                case COUNT, AMOUNT -> compact(v);
            };
        }
    }

    /**
     * A y axis from 0 to {@code top} in steps of {@code step}, both round numbers (1, 2, 2.5 or 5
     * times a power of ten), with at most five steps; counts step by whole numbers.
     */
    record Scale(double top, double step) {

        static Scale of(double max, Unit unit) {
            if (!(max > 0)) {
                return unit == Unit.COUNT ? new Scale(1, 1) : new Scale(1, 0.25);
            }
            double raw = max / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = magnitude * 10;
            for (double nice : new double[] {1, 2, 2.5, 5}) {
                if (nice * magnitude >= raw * (1 - 1e-9)) {
                    step = nice * magnitude;
                    break;
                }
            }
            if (unit == Unit.COUNT) {
                step = Math.max(1, Math.ceil(step));
            }
            double steps = Math.ceil(max / step - 1e-9);
            return new Scale(round(steps * step), round(step));
        }

        /** Without the binary noise of a product (0.30000000000000004). */
        private static double round(double v) {
            return new BigDecimal(v).round(new java.math.MathContext(12)).doubleValue();
        }

        int steps() {
            return (int) Math.round(top / step);
        }
    }

    /**
     * Vertical bars, one per label, with 95% whiskers from {@code low} to {@code high} when they
     * are not null; x labels are thinned to every {@code labelEvery}-th bar.
     */
    record Bars(String title, String xName, String yName, Unit unit, List<String> labels, double[] values,
                double[] low, double[] high, int labelEvery, String fill) {

        /** Bars of corruption (red), with whiskers when {@code low} and {@code high} are not null. */
        Bars(String title, String xName, String yName, Unit unit, List<String> labels, double[] values,
             double[] low, double[] high, int labelEvery) {
            this(title, xName, yName, unit, labels, values, low, high, labelEvery, CORRUPT);
        }

        /** Bars of something else than corruption (a bound, an amount verified), in a neutral colour. */
        Bars(String title, String xName, String yName, Unit unit, List<String> labels, double[] values) {
            this(title, xName, yName, unit, labels, values, null, null, 1, NEUTRAL);
        }

        String svg() {
            int n = values.length;
            int bar = Math.max(6, Math.min(48, 640 / Math.max(1, n)));
            double max = 0;
            int longest = 0;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, high != null ? Math.max(values[i], high[i]) : values[i]);
                if (i % labelEvery == 0) {
                    longest = Math.max(longest, labels.get(i).length());
                }
            }
            // rotated labels need room below the axis: their width times sin(35 degrees)
            int below = 22 + (int) Math.ceil(longest * CHAR * 0.58);
            Frame f = new Frame(title, xName, yName, unit, Scale.of(max, unit), LEFT + n * bar + RIGHT, below);
            StringBuilder s = f.open();
            for (int i = 0; i < n; i++) {
                double x = LEFT + i * bar;
                double h = HEIGHT * values[i] / f.scale.top;
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\""
                        + " fill=\"%s\"><title>%s: %s</title></rect>", x + 1, TOP + HEIGHT - h, bar - 2, h, fill,
                        Doc.esc(labels.get(i)), Doc.esc(unit.format(values[i]))));
                if (low != null && high != null) {
                    double cx = x + bar / 2.0;
                    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\""
                            + " stroke=\"#222\"/><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>",
                            cx, cx, f.y(low[i]), f.y(high[i]), cx - 4, cx + 4, f.y(high[i]), f.y(high[i])));
                }
                if (i % labelEvery == 0) {
                    double lx = x + bar / 2.0 + 3;
                    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\""
                            + " transform=\"rotate(-35 %.1f %d)\">%s</text>", lx, TOP + HEIGHT + 14, lx,
                            TOP + HEIGHT + 14, Doc.esc(labels.get(i))));
                }
            }
            return f.close(s);
        }
    }

    /**
     * One line per series over x = 1..n, y a share from 0 to 1 (a support); NaN leaves a gap.
     * The legend names each series under the plot.
     */
    static String lines(String title, String xName, String yName, List<String> names, List<double[]> series) {
        int n = series.isEmpty() ? 1 : series.get(0).length;
        int step = Math.max(12, Math.min(60, 640 / Math.max(1, n)));
        Frame f = new Frame(title, xName, yName, Unit.AMOUNT, new Scale(1, 0.25), LEFT + Math.max(1, n - 1) * step
                + 24, 34, names.size() * 16 + 4, names.stream().mapToInt(String::length).max().orElse(0));
        StringBuilder s = f.open();
        for (int i = 0; i < n; i++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>",
                    LEFT + i * step, TOP + HEIGHT + 14, i + 1));
        }
        for (int k = 0; k < series.size(); k++) {
            String colour = COLOURS[k % COLOURS.length];
            double[] v = series.get(k);
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(v[i])) {
                    continue;
                }
                double x = LEFT + i * step;
                boolean joined = i > 0 && !Double.isNaN(v[i - 1]);
                path.append(joined ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, f.y(v[i])));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s,"
                        + " %s %d: %.3f</title></circle>", x, f.y(v[i]), colour, Doc.esc(names.get(k)), Doc.esc(xName),
                        i + 1, v[i]));
            }
            if (path.length() > 0) {
                s.append("<path d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"")
                        .append(colour).append("\" stroke-width=\"2\"/>");
            }
            f.key(s, k, colour, names.get(k));
        }
        return f.close(s);
    }

    /** A stretch of a lane, from {@code from} to {@code to} in x units, with a colour and a hover text. */
    record Segment(double from, double to, String colour, String title) {
    }

    /** A row of a lane chart: a name and its segments. */
    record Lane(String name, List<Segment> segments) {
    }

    /** A colour and what it means, for the key under a chart. */
    record Key(String colour, String meaning) {
    }

    private static final int LANE = 16;

    /**
     * Horizontal lanes over a shared x axis from 0 to {@code span} (a time line: one lane per
     * host, a segment per run). {@code xText} writes an x tick value.
     */
    static String lanes(String title, String xName, double span, DoubleFunction<String> xText, List<Lane> lanes,
                        List<Key> keys) {
        Rows r = new Rows(title, xName, span, xText, lanes.stream().map(Lane::name).toList(), 40 + keys.size() * 16);
        StringBuilder s = r.open();
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            int y = TOP + i * LANE;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    r.nameWidth - 6, y + 12, Doc.esc(lane.name())));
            for (Segment g : lane.segments()) {
                double x1 = r.x(g.from());
                double x2 = r.x(g.to());
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                        + " fill=\"%s\"><title>%s</title></rect>", x1, y + 2, Math.max(1, x2 - x1), LANE - 4,
                        g.colour(), Doc.esc(g.title())));
            }
        }
        for (int k = 0; k < keys.size(); k++) {
            int ky = TOP + r.height + 46 + 16 * k;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", r.nameWidth, ky - 9, keys.get(k).colour(), r.nameWidth + 18, ky,
                    Doc.esc(keys.get(k).meaning())));
        }
        return s.append("</svg>").toString();
    }

    /** One strip of a strip chart: a name, its length in x units, and counts in equal bins over the shared axis. */
    record Strip(String name, double length, long[] bins) {
    }

    /**
     * Strips over a shared x axis from 0 to {@code span}, each a grey track as long as its
     * length, with a mark per non-empty bin, darker for more (where in the file corrupt words sit).
     */
    static String strips(String title, String xName, double span, DoubleFunction<String> xText, List<Strip> strips,
                         String binName) {
        Rows r = new Rows(title, xName, span, xText, strips.stream().map(Strip::name).toList(), 40);
        StringBuilder s = r.open();
        long most = strips.stream().flatMapToLong(st -> java.util.Arrays.stream(st.bins())).max().orElse(1);
        for (int i = 0; i < strips.size(); i++) {
            Strip strip = strips.get(i);
            int y = TOP + i * LANE;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                    + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#eee\"/>", r.nameWidth - 6, y + 12,
                    Doc.esc(strip.name()), r.nameWidth, y + 2, r.x(strip.length()) - r.nameWidth, LANE - 4));
            double bin = span / strip.bins().length;
            for (int b = 0; b < strip.bins().length; b++) {
                long count = strip.bins()[b];
                if (count == 0) {
                    continue;
                }
                double opacity = 0.25 + 0.75 * Math.sqrt((double) count / most); // one word still shows
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                        + " fill=\"" + CORRUPT + "\" fill-opacity=\"%.2f\"><title>%s %s-%s: %,d</title></rect>",
                        r.x(b * bin), y + 2, Math.max(1.5, r.x(bin) - r.nameWidth), LANE - 4,
                        opacity, Doc.esc(binName), Doc.esc(xText.apply(b * bin)), Doc.esc(xText.apply((b + 1) * bin)),
                        count));
            }
        }
        return s.append("</svg>").toString();
    }

    private static final int PLOT = 640;

    /**
     * The frame of a chart of named rows over a shared x axis from 0 to {@code span}: title, row
     * names' column, vertical grid at round x values with their text, the x axis name.
     */
    private static final class Rows {
        final int nameWidth;
        final int height;
        final Scale scale;
        private final String title;
        private final String xName;
        private final DoubleFunction<String> xText;
        private final int below;

        Rows(String title, String xName, double span, DoubleFunction<String> xText, List<String> names, int below) {
            this.nameWidth = (int) Math.ceil(names.stream().mapToInt(String::length).max().orElse(4) * CHAR) + 12;
            this.height = names.size() * LANE;
            this.scale = Scale.of(span, Unit.AMOUNT);
            this.title = title;
            this.xName = xName;
            this.xText = xText;
            this.below = below;
        }

        /** Where x value {@code v} is drawn. */
        double x(double v) {
            return nameWidth + PLOT * v / scale.top;
        }

        StringBuilder open() {
            StringBuilder s = new StringBuilder(header(Math.max(nameWidth + PLOT + RIGHT, titleWidth(title, nameWidth)),
                    TOP + height + below));
            title(s, title, nameWidth);
            for (int t = 0; t <= scale.steps(); t++) {
                double x = x(t * scale.step);
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                        + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, x, TOP, TOP + height, x,
                        TOP + height + 14, Doc.esc(xText.apply(t * scale.step))));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    nameWidth + PLOT / 2, TOP + height + 30, Doc.esc(xName)));
            return s;
        }
    }

    /** Colours of the lines, in order (a line per series). */
    private static final String[] COLOURS = {CORRUPT, "#2471a3", "#239b56", "#b9770e", "#7d3c98", "#566573"};

    /** The frame of an x-y chart: title, y axis with its name and round ticks, x axis name, and a key below. */
    private static final class Frame {
        final String title;
        final String xName;
        final String yName;
        final Unit unit;
        final Scale scale;
        final int width;
        final int below;
        final int keyHeight;

        Frame(String title, String xName, String yName, Unit unit, Scale scale, int plotWidth, int below) {
            this(title, xName, yName, unit, scale, plotWidth, below, 0, 0);
        }

        Frame(String title, String xName, String yName, Unit unit, Scale scale, int plotWidth, int below,
              int keyHeight, int longestKey) {
            this.title = title;
            this.xName = xName;
            this.yName = yName;
            this.unit = unit;
            this.scale = scale;
            this.below = below + 16;
            this.keyHeight = keyHeight;
            this.width = Math.max(Math.max(Math.max(plotWidth, 280), titleWidth(title, LEFT)),
                    LEFT + 18 + (int) Math.ceil(longestKey * CHAR) + RIGHT);
        }

        double y(double v) {
            return TOP + HEIGHT - HEIGHT * v / scale.top;
        }

        StringBuilder open() {
            StringBuilder s = new StringBuilder(header(width, TOP + HEIGHT + below + keyHeight));
            title(s, title, LEFT);
            for (int t = 0; t <= scale.steps(); t++) {
                double v = t * scale.step;
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                        + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, width - RIGHT, y(v), y(v),
                        LEFT - 4, y(v) + 4, unit.format(v)));
            }
            int mid = TOP + HEIGHT / 2;
            s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90"
                    + " 12 %d)\">%s</text>", mid, mid, Doc.esc(yName)));
            return s;
        }

        void key(StringBuilder s, int k, String colour, String name) {
            int ky = TOP + HEIGHT + below + 12 + 16 * k;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", LEFT, ky - 4, colour, LEFT + 18, ky, Doc.esc(name)));
        }

        String close(StringBuilder s) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#444\"/>"
                    + "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#444\"/>", LEFT, width - RIGHT,
                    TOP + HEIGHT, TOP + HEIGHT, LEFT, LEFT, TOP, TOP + HEIGHT));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    (LEFT + width - RIGHT) / 2, TOP + HEIGHT + below - 4, Doc.esc(xName)));
            return s.append("</svg>").toString();
        }
    }

    private static String header(int width, int height) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">", width, height, width, height);
    }

    private static void title(StringBuilder s, String title, int x) {
        s.append("<text x=\"").append(x).append("\" y=\"15\" font-weight=\"bold\">").append(Doc.esc(title))
                .append("</text>");
    }

    /** The width a chart needs for its title, starting at {@code x}, not to be cut off. */
    static int titleWidth(String title, int x) {
        return x + (int) Math.ceil(title.length() * BOLD_CHAR) + RIGHT;
    }

    /** 1.5M, 12k, 47, 0.25: short tick and hover numbers. */
    static String compact(double v) {
        if (Math.abs(v) >= 1e6) {
            return plain(v / 1e6) + "M";
        }
        if (Math.abs(v) >= 1e4) {
            return plain(v / 1e3) + "k";
        }
        return plain(v);
    }

    /** A number with at most three decimals and no trailing zeros: 2.5, 10, 0.125. */
    private static String plain(double v) {
        return BigDecimal.valueOf(Math.round(v * 1000) / 1000.0).stripTrailingZeros().toPlainString();
    }
}
