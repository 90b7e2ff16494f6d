package bitbisect.runner.matrix;

import java.util.ArrayList;
import java.util.List;

/**
 * Slurm's host list syntax, as {@code scontrol show hostnames} expands it: {@code n[1-3,7]} is
 * n1, n2, n3, n7; {@code gpu[01-10]} keeps the zero padding; {@code a[1-2]b[1-2]} is every
 * combination; commas outside brackets separate lists ({@code n[1-2],login1}).
 */
public final class Hostlist {

    /** At most this many names from one expression: a typo such as n[1-100000000] stops here. */
    static final int LIMIT = 100_000;

    private Hostlist() {
    }

    /** Every name, in order; throws IllegalArgumentException naming what is wrong. */
    public static List<String> expand(String expression) {
        List<String> out = new ArrayList<>();
        for (String part : splitTopLevel(expression)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("\"" + expression + "\" has an empty name between commas");
            }
            expandInto(part, "", out);
        }
        return out;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i).strip());
                start = i + 1;
            }
            if (depth < 0 || depth > 1) {
                throw new IllegalArgumentException("\"" + s + "\" has unbalanced or nested brackets");
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("\"" + s + "\" has a '[' that is never closed");
        }
        parts.add(s.substring(start).strip());
        return parts;
    }

    private static void expandInto(String rest, String prefix, List<String> out) {
        int open = rest.indexOf('[');
        if (open < 0) {
            out.add(prefix + rest);
            if (out.size() > LIMIT) {
                throw new IllegalArgumentException("more than " + LIMIT + " names: check the ranges");
            }
            return;
        }
        int close = rest.indexOf(']', open);
        String head = prefix + rest.substring(0, open);
        String tail = rest.substring(close + 1);
        for (String range : rest.substring(open + 1, close).split(",", -1)) {
            String[] ends = range.strip().split("-", -1);
            if (ends.length > 2 || !ends[0].matches("\\d+") || (ends.length == 2 && !ends[1].matches("\\d+"))) {
                throw new IllegalArgumentException("\"" + range + "\" in \"" + rest + "\" is not a number or a range"
                        + " such as 1-64");
            }
            long from = Long.parseLong(ends[0]);
            long to = ends.length == 2 ? Long.parseLong(ends[1]) : from;
            if (to < from) {
                throw new IllegalArgumentException("range " + range + " runs backwards");
            }
            int width = ends[0].length();
            for (long n = from; n <= to; n++) {
                expandInto(tail, head + String.format("%0" + width + "d", n), out);
            }
        }
    }
}
