package bitbisect.runner.report;

import bitbisect.runner.analysis.Design;
import bitbisect.runner.analysis.Findings;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix folded to two dimensions: two axes down the side and two across (the axes of the
 * explanation first), every other axis added up. Each entry is corrupt / finished iterations.
 */
record Heatmap(String description, List<String> header, List<List<String>> rows, double[][] shades,
               boolean inconclusiveMarked) {

    /** More rows or columns than this and one axis per side is used instead of two. */
    private static final int MAX_SIDE = 48;

    static Heatmap of(Design design, Findings findings) {
        List<Integer> order = new ArrayList<>();
        if (!findings.explanations().isEmpty()) {
            for (Findings.Condition c : findings.explanations().get(0).conditions()) {
                order.add(index(design, c.axis()));
            }
        }
        for (int a = 0; a < design.axes().size(); a++) {
            if (!design.axes().get(a).constant() && !order.contains(a)) {
                order.add(a);
            }
        }
        List<Integer> down = new ArrayList<>();
        List<Integer> across = new ArrayList<>();
        for (int i = 0; i < Math.min(4, order.size()); i++) {
            (i % 2 == 0 ? down : across).add(order.get(i));
        }
        if (size(design, down) > MAX_SIDE && down.size() > 1) {
            down.remove(1);
        }
        if (size(design, across) > MAX_SIDE && across.size() > 1) {
            across.remove(1);
        }
        int rows = size(design, down);
        int cols = size(design, across);
        long[][] k = new long[rows][cols];
        long[][] n = new long[rows][cols];
        boolean[][] present = new boolean[rows][cols];
        boolean[][] inconclusive = new boolean[rows][cols];
        for (int c = 0; c < design.cells(); c++) {
            int r = position(design, down, c);
            int col = position(design, across, c);
            k[r][col] += design.k()[c];
            n[r][col] += design.n()[c];
            present[r][col] = true;
            inconclusive[r][col] |= design.inconclusiveRuns()[c] > 0;
        }
        List<String> header = new ArrayList<>();
        header.add(names(design, down) + " \\ " + names(design, across));
        for (int col = 0; col < cols; col++) {
            header.add(label(design, across, col));
        }
        List<List<String>> table = new ArrayList<>();
        double[][] shades = new double[rows][cols + 1];
        boolean marked = false;
        for (int r = 0; r < rows; r++) {
            List<String> row = new ArrayList<>();
            row.add(label(design, down, r));
            for (int col = 0; col < cols; col++) {
                String mark = inconclusive[r][col] ? " !" : "";
                marked |= inconclusive[r][col];
                if (!present[r][col]) {
                    row.add("");
                    shades[r][col + 1] = Double.NaN;
                } else if (n[r][col] == 0) {
                    row.add("-" + mark);
                    shades[r][col + 1] = -1;
                } else {
                    row.add(k[r][col] + "/" + n[r][col] + mark);
                    shades[r][col + 1] = (double) k[r][col] / n[r][col];
                }
            }
            table.add(row);
        }
        List<Integer> summed = new ArrayList<>();
        for (int a = 0; a < design.axes().size(); a++) {
            if (!down.contains(a) && !across.contains(a) && !design.axes().get(a).constant()) {
                summed.add(a);
            }
        }
        String description = (down.isEmpty() ? "sweep" : names(design, down)) + (across.isEmpty() ? ""
                : " and " + names(design, across)) + (summed.isEmpty() ? "" : " (summed over " + names(design, summed) + ")");
        return new Heatmap(description, header, table, shades, marked);
    }

    private static int index(Design design, String axis) {
        for (int a = 0; a < design.axes().size(); a++) {
            if (design.axes().get(a).name().equals(axis)) {
                return a;
            }
        }
        throw new IllegalArgumentException(axis);
    }

    private static int size(Design design, List<Integer> axes) {
        int s = 1;
        for (int a : axes) {
            s *= design.axes().get(a).values().size();
        }
        return s;
    }

    private static int position(Design design, List<Integer> axes, int cell) {
        int p = 0;
        for (int a : axes) {
            p = p * design.axes().get(a).values().size() + design.at()[cell][a];
        }
        return p;
    }

    private static String label(Design design, List<Integer> axes, int position) {
        if (axes.isEmpty()) {
            return "all";
        }
        String[] parts = new String[axes.size()];
        for (int i = axes.size() - 1; i >= 0; i--) {
            List<String> values = design.axes().get(axes.get(i)).values();
            parts[i] = values.get(position % values.size());
            position /= values.size();
        }
        return String.join(" ", parts);
    }

    private static String names(Design design, List<Integer> axes) {
        return axes.isEmpty() ? "all" : String.join(" x ", axes.stream().map(a -> design.axes().get(a).name()).toList());
    }
}
