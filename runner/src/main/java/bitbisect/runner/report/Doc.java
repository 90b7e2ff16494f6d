package bitbisect.runner.report;

import java.util.ArrayList;
import java.util.List;

/** The report as a list of blocks, written once and rendered as Markdown and as HTML. */
final class Doc {

    /** One piece of the report. */
    sealed interface Block permits Heading, Paragraph, Bullets, Table, Chart, Code, Contents {
    }

    /** Links to every level-2 heading of the document, wherever they are. */
    record Contents() implements Block {
    }

    record Heading(int level, String text) implements Block {
    }

    record Paragraph(String text) implements Block {
    }

    record Bullets(List<String> items) implements Block {
    }

    /**
     * A table; {@code shades} (same shape as rows, or null) holds a 0-1 intensity per cell for the
     * HTML heatmap, negative for "no evidence".
     */
    record Table(List<String> header, List<List<String>> rows, double[][] shades) implements Block {
    }

    /** An inline SVG plot; Markdown shows {@code caption} only, and the numbers are in a table beside it. */
    record Chart(String svg, String caption) implements Block {
    }

    record Code(String text) implements Block {
    }

    final List<Block> blocks = new ArrayList<>();

    Doc heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    Doc paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    Doc bullets(List<String> items) {
        if (!items.isEmpty()) {
            blocks.add(new Bullets(items));
        }
        return this;
    }

    Doc table(List<String> header, List<List<String>> rows) {
        blocks.add(new Table(header, rows, null));
        return this;
    }

    Doc heatmap(List<String> header, List<List<String>> rows, double[][] shades) {
        blocks.add(new Table(header, rows, shades));
        return this;
    }

    Doc chart(String svg, String caption) {
        blocks.add(new Chart(svg, caption));
        return this;
    }

    Doc code(String text) {
        blocks.add(new Code(text));
        return this;
    }

    Doc contents() {
        blocks.add(new Contents());
        return this;
    }

    /** The anchor of a heading, as GitHub makes it from Markdown: lower case, spaces to dashes, punctuation dropped. */
    static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").strip().replace(' ', '-');
    }

    private List<String> sections() {
        return blocks.stream().filter(b -> b instanceof Heading h && h.level() == 2).map(b -> ((Heading) b).text())
                .toList();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                out.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (b instanceof Paragraph p) {
                out.append(p.text()).append("\n\n");
            } else if (b instanceof Bullets l) {
                l.items().forEach(i -> out.append("- ").append(i).append('\n'));
                out.append('\n');
            } else if (b instanceof Table t) {
                out.append(row(t.header())).append('|').append("---|".repeat(t.header().size())).append('\n');
                t.rows().forEach(r -> out.append(row(r)));
                out.append('\n');
            } else if (b instanceof Chart c) {
                out.append('*').append(c.caption()).append(" (plot in report.html)*\n\n");
            } else if (b instanceof Code c) {
                out.append("```\n").append(c.text()).append(c.text().endsWith("\n") ? "" : "\n").append("```\n\n");
            } else if (b instanceof Contents) {
                sections().forEach(h -> out.append("- [").append(h).append("](#").append(anchor(h)).append(")\n"));
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String row(List<String> cells) {
        StringBuilder s = new StringBuilder("|");
        cells.forEach(c -> s.append(' ').append(c.replace("|", "\\|")).append(" |"));
        return s.append('\n').toString();
    }

    String html(String title) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style></head><body>\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                out.append("<h").append(h.level()).append(h.level() == 2 ? " id=\"" + anchor(h.text()) + "\"" : "")
                        .append('>').append(inline(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (b instanceof Paragraph p) {
                out.append("<p>").append(inline(p.text())).append("</p>\n");
            } else if (b instanceof Bullets l) {
                out.append("<ul>\n");
                l.items().forEach(i -> out.append("<li>").append(inline(i)).append("</li>\n"));
                out.append("</ul>\n");
            } else if (b instanceof Table t) {
                out.append("<table><thead><tr>");
                t.header().forEach(c -> out.append("<th>").append(inline(c)).append("</th>"));
                out.append("</tr></thead><tbody>\n");
                for (int r = 0; r < t.rows().size(); r++) {
                    out.append("<tr>");
                    List<String> cells = t.rows().get(r);
                    for (int c = 0; c < cells.size(); c++) {
                        double shade = t.shades() == null || c == 0 ? Double.NaN : t.shades()[r][c];
                        out.append(Double.isNaN(shade) ? "<td>" : "<td style=\"background:" + color(shade) + "\">")
                                .append(inline(cells.get(c))).append("</td>");
                    }
                    out.append("</tr>\n");
                }
                out.append("</tbody></table>\n");
                if (t.shades() != null) {
                    out.append(legend());
                }
            } else if (b instanceof Chart c) {
                out.append("<figure>").append(c.svg()).append("<figcaption>").append(esc(c.caption()))
                        .append("</figcaption></figure>\n");
            } else if (b instanceof Code c) {
                out.append("<pre>").append(esc(c.text())).append("</pre>\n");
            } else if (b instanceof Contents) {
                out.append("<nav><ul class=\"contents\">");
                sections().forEach(h -> out.append("<li><a href=\"#").append(anchor(h)).append("\">").append(inline(h))
                        .append("</a></li>"));
                out.append("</ul></nav>\n");
            }
        }
        return out.append("</body></html>\n").toString();
    }

    /** What the shades of a heatmap mean, in the colours {@link #color} gives them. */
    private static String legend() {
        StringBuilder s = new StringBuilder("<p class=\"legend\">corrupt share of iterations: ");
        s.append(swatch(color(0), "none"));
        for (double share : new double[] {0.01, 0.1, 0.5, 1}) {
            s.append(swatch(color(share), Math.round(share * 100) + "%"));
        }
        s.append(swatch(color(-1), "no finished iteration")).append(swatch("#fff", "not in the matrix"));
        return s.append("</p>\n").toString();
    }

    private static String swatch(String colour, String meaning) {
        return "<span class=\"swatch\" style=\"background:" + colour + "\"></span>" + esc(meaning) + " ";
    }

    /** White for 0, deep red for 1, grey for no evidence. */
    private static String color(double shade) {
        if (shade < 0) {
            return "#e4e4e4";
        }
        double s = Math.sqrt(Math.min(1, shade)); // small rates still show
        int g = (int) Math.round(255 - 200 * s);
        return shade == 0 ? "#f3fbf3" : String.format("rgb(255,%d,%d)", g, g);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * Escapes, then turns the two Markdown marks the blocks use into elements: `code` spans and
     * **strong** text (the headline). Inside a code span, asterisks stay as they are.
     */
    static String inline(String s) {
        String e = esc(s);
        StringBuilder out = new StringBuilder();
        boolean code = false;
        boolean strong = false;
        for (int i = 0; i < e.length(); i++) {
            char ch = e.charAt(i);
            if (ch == '`') {
                out.append(code ? "</code>" : "<code>");
                code = !code;
            } else if (!code && ch == '*' && i + 1 < e.length() && e.charAt(i + 1) == '*') {
                out.append(strong ? "</strong>" : "<strong>");
                strong = !strong;
                i++;
            } else {
                out.append(ch);
            }
        }
        out.append(code ? "</code>" : "").append(strong ? "</strong>" : "");
        return out.toString();
    }

    private static final String STYLE = """
            body{font:15px/1.45 system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}
            h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}h3{font-size:1.05em}
            table{border-collapse:collapse;margin:.6em 0;font-size:13px}
            th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
            th{background:#f4f4f4}code,pre{font:13px ui-monospace,monospace}pre{background:#f6f6f6;padding:.6em;overflow-x:auto}
            figure{margin:.6em 0}figcaption{font-size:13px;color:#555}
            ul.contents{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1.2em}
            p.legend{font-size:13px;color:#555}
            span.swatch{display:inline-block;width:1.6em;height:.9em;border:1px solid #ccc;margin:0 .3em 0 .8em;vertical-align:middle}
            """;
}
