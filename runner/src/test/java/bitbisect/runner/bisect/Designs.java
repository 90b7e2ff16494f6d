package bitbisect.runner.bisect;

import bitbisect.runner.analysis.Design;
import java.util.ArrayList;
import java.util.List;

/** Full factorial designs for the hunt's tests: axes of named values, every combination a cell. */
final class Designs {

    private Designs() {
    }

    /** Axes "a0", "a1", ... with {@code values[i]} values each; cells in row-major order, no evidence yet. */
    static Design factorial(long wordsPerCell, int... values) {
        List<Design.Axis> axes = new ArrayList<>();
        int cells = 1;
        for (int i = 0; i < values.length; i++) {
            List<String> names = new ArrayList<>();
            for (int v = 0; v < values[i]; v++) {
                names.add("v" + v);
            }
            axes.add(new Design.Axis("a" + i, names, null));
            cells *= values[i];
        }
        int[][] at = new int[cells][values.length];
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            int rest = c;
            for (int a = values.length - 1; a >= 0; a--) {
                at[c][a] = rest % values[a];
                rest /= values[a];
            }
            ids.add("cell" + c);
        }
        long[] words = new long[cells];
        java.util.Arrays.fill(words, wordsPerCell);
        return new Design(axes, ids, at, new long[cells], new long[cells], new long[cells], words, new long[cells]);
    }
}
