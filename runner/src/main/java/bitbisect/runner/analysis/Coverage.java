package bitbisect.runner.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What clean evidence covered: the claim a sweep or hunt with no corruption can honestly make.
 * {@code strength}: every combination of that many values (on different axes that vary) that
 * the matrix's cells hold was run by some cell with finished iterations; the number of varying
 * axes means every cell ran. A cause needing more values at once than {@code strength} could
 * hide in the cells never run. The bounds are one-sided at 95% with no corrupt iteration:
 * {@code perIteration} over every finished iteration, {@code perGib} per GiB verified, and
 * {@code weakestPerIteration} for the axis values with the fewest iterations, whose bound is the
 * loosest; {@code weakest} names them ("size=64MiB", "every value of sync", "a=v0, b=v1").
 *
 * @param cellsRun    cells with finished iterations
 * @param neverRun    ids of the cells with none, in matrix order
 * @param weakestIterations the iterations behind {@code weakest}
 */
public record Coverage(int strength, int varyingAxes, int cellsRun, List<String> neverRun, double perIteration,
                       double perGib, String weakest, long weakestIterations, double weakestPerIteration) {

    private static final double WORDS_PER_GIB = (1L << 30) / 8.0;

    public static Coverage of(Design design) {
        List<Integer> varying = new ArrayList<>();
        for (int a = 0; a < design.axes().size(); a++) {
            if (!design.axes().get(a).constant()) {
                varying.add(a);
            }
        }
        int strength = 0;
        while (strength < varying.size() && covers(design, varying, strength + 1)) {
            strength++;
        }
        List<String> never = new ArrayList<>();
        long iterations = 0;
        double words = 0;
        for (int c = 0; c < design.cells(); c++) {
            if (design.n()[c] == 0) {
                never.add(design.cellIds().get(c));
            }
            iterations += design.n()[c];
            words += (double) design.n()[c] * design.words()[c];
        }
        long weakestIterations = Long.MAX_VALUE;
        List<long[]> byAxis = new ArrayList<>();
        for (int a : varying) {
            long[] byValue = new long[design.axes().get(a).values().size()];
            for (int c = 0; c < design.cells(); c++) {
                byValue[design.at()[c][a]] += design.n()[c];
            }
            byAxis.add(byValue);
            for (long v : byValue) {
                weakestIterations = Math.min(weakestIterations, v);
            }
        }
        List<String> least = new ArrayList<>();
        for (int i = 0; i < varying.size(); i++) {
            Design.Axis axis = design.axes().get(varying.get(i));
            List<String> values = new ArrayList<>();
            for (int v = 0; v < byAxis.get(i).length; v++) {
                if (byAxis.get(i)[v] == weakestIterations) {
                    values.add(axis.name() + "=" + axis.values().get(v));
                }
            }
            // a tie over a whole axis is said as the axis: "every value of sync"
            least.addAll(values.size() == axis.values().size() && values.size() > 1
                    ? List.of("every value of " + axis.name()) : values);
        }
        String weakest = least.size() <= 3 ? String.join(", ", least)
                : String.join(", ", least.subList(0, 3)) + " and " + (least.size() - 3) + " more";
        if (weakestIterations == Long.MAX_VALUE) {
            weakestIterations = iterations; // no axis varies: the matrix is one value of each
        }
        double perGib = words == 0 ? Double.NaN : -Math.log(Stats.ALPHA) / words * WORDS_PER_GIB;
        return new Coverage(strength, varying.size(), design.cells() - never.size(), List.copyOf(never),
                Stats.upperBoundWithNone(iterations), perGib, weakest, weakestIterations,
                Stats.upperBoundWithNone(weakestIterations));
    }

    /** Whether every combination of {@code t} values on different varying axes that a cell holds was run. */
    private static boolean covers(Design design, List<Integer> varying, int t) {
        for (int[] axes : subsets(varying, t)) {
            Set<List<Integer>> held = new HashSet<>();
            Set<List<Integer>> ran = new HashSet<>();
            for (int c = 0; c < design.cells(); c++) {
                List<Integer> values = new ArrayList<>(t);
                for (int a : axes) {
                    values.add(design.at()[c][a]);
                }
                held.add(values);
                if (design.n()[c] > 0) {
                    ran.add(values);
                }
            }
            if (ran.size() < held.size()) {
                return false;
            }
        }
        return true;
    }

    private static List<int[]> subsets(List<Integer> of, int t) {
        List<int[]> out = new ArrayList<>();
        subsets(of, t, 0, new int[t], 0, out);
        return out;
    }

    private static void subsets(List<Integer> of, int t, int from, int[] chosen, int depth, List<int[]> out) {
        if (depth == t) {
            out.add(chosen.clone());
            return;
        }
        for (int i = from; i <= of.size() - (t - depth); i++) {
            chosen[depth] = of.get(i);
            subsets(of, t, i + 1, chosen, depth + 1, out);
        }
    }

    /** Whether every cell of the matrix ran. */
    public boolean everyCell() {
        return neverRun.isEmpty();
    }

    /** "every combination of 3 values ran, 43 of 72 cells never did", or "every cell ran". */
    public String text() {
        if (everyCell()) {
            return "every cell ran";
        }
        String combos = strength == 0 ? "not every value ran"
                : strength == 1 ? "every value ran" : "every combination of " + strength + " values ran";
        return combos + ", " + neverRun.size() + " of " + (cellsRun + neverRun.size()) + " cells never did";
    }
}
