package bitbisect.runner.report;

import java.util.List;
import java.util.Locale;

/** Bar and line charts as inline SVG, with no dependency: the report stays one self-contained file. */
final class Svg {

    private static final int HEIGHT = 180;
    private static final int TOP = 24;
    private static final int LEFT = 56;
    private static final int BOTTOM = 46;

    private Svg() {
    }

    /**
     * Vertical bars with a y axis from 0 to the largest value (or to the largest upper error).
     * {@code low}/{@code high} draw 95% interval whiskers when not null; labels are thinned to
     * every {@code labelEvery}-th bar.
     */
    static String bars(String title, List<String> labels, double[] values, double[] low, double[] high,
                       boolean percent, int labelEvery) {
        int n = values.length;
        int bar = Math.max(6, Math.min(48, 640 / Math.max(1, n)));
        int width = LEFT + n * bar + 16;
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, high != null ? high[i] : values[i]);
        }
        if (max <= 0) {
            max = 1;
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">", width, TOP + HEIGHT + BOTTOM,
                width, TOP + HEIGHT + BOTTOM));
        s.append("<text x=\"").append(LEFT).append("\" y=\"14\" font-weight=\"bold\">").append(Doc.esc(title))
                .append("</text>");
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            double y = TOP + HEIGHT - HEIGHT * t / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
                    LEFT, width - 8, y, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 4,
                    y + 4, percent ? Text.percent(v) : compact(v)));
        }
        for (int i = 0; i < n; i++) {
            double x = LEFT + i * bar;
            double h = HEIGHT * values[i] / max;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#c0392b\">"
                    + "<title>%s: %s</title></rect>", x + 1, TOP + HEIGHT - h, bar - 2, h, Doc.esc(labels.get(i)),
                    percent ? Text.percent(values[i]) : compact(values[i])));
            if (low != null && high != null) {
                double cx = x + bar / 2.0;
                double y1 = TOP + HEIGHT - HEIGHT * low[i] / max;
                double y2 = TOP + HEIGHT - HEIGHT * high[i] / max;
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>"
                        + "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>",
                        cx, cx, y1, y2, cx - 4, cx + 4, y2, y2));
            }
            if (i % labelEvery == 0) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\""
                        + " transform=\"rotate(-35 %.1f %d)\">%s</text>", x + bar / 2.0 + 3, TOP + HEIGHT + 14,
                        x + bar / 2.0 + 3, TOP + HEIGHT + 14, Doc.esc(labels.get(i))));
            }
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#444\"/>", LEFT,
                width - 8, TOP + HEIGHT, TOP + HEIGHT));
        return s.append("</svg>").toString();
    }

    /** Colours of the lines, in order (a line per series). */
    private static final String[] COLOURS = {"#c0392b", "#2471a3", "#239b56", "#b9770e", "#7d3c98", "#566573"};

    /**
     * One line per series over x = 1..n, y from 0 to 1 (a support, a share); NaN leaves a gap.
     * The legend names each series under the plot.
     */
    static String lines(String title, String xName, List<String> names, List<double[]> series) {
        int n = series.isEmpty() ? 1 : series.get(0).length;
        int step = Math.max(12, Math.min(60, 640 / Math.max(1, n)));
        int width = LEFT + Math.max(1, n - 1) * step + 24;
        int legend = 16 * names.size();
        int height = TOP + HEIGHT + BOTTOM + legend;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">", Math.max(width, 420), height,
                Math.max(width, 420), height));
        s.append("<text x=\"").append(LEFT).append("\" y=\"14\" font-weight=\"bold\">").append(Doc.esc(title))
                .append("</text>");
        for (int t = 0; t <= 4; t++) {
            double y = TOP + HEIGHT - HEIGHT * t / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>", LEFT, width - 8, y, y, LEFT - 4,
                    y + 4, t / 4.0));
        }
        for (int i = 0; i < n; i++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>",
                    LEFT + i * step, TOP + HEIGHT + 14, i + 1));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", LEFT, TOP + HEIGHT + 30,
                Doc.esc(xName)));
        for (int k = 0; k < series.size(); k++) {
            String colour = COLOURS[k % COLOURS.length];
            double[] v = series.get(k);
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(v[i])) {
                    continue;
                }
                double x = LEFT + i * step;
                double y = TOP + HEIGHT - HEIGHT * v[i];
                boolean joined = i > 0 && !Double.isNaN(v[i - 1]);
                path.append(joined ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s,"
                        + " %s %d: %.3f</title></circle>", x, y, colour, Doc.esc(names.get(k)), Doc.esc(xName), i + 1, v[i]));
            }
            if (path.length() > 0) {
                s.append("<path d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"").append(colour)
                        .append("\" stroke-width=\"2\"/>");
            }
            int ly = TOP + HEIGHT + BOTTOM + 16 * k;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", LEFT, ly - 4, colour, LEFT + 18, ly, Doc.esc(names.get(k))));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#444\"/>", LEFT,
                width - 8, TOP + HEIGHT, TOP + HEIGHT));
        return s.append("</svg>").toString();
    }

    private static String compact(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
