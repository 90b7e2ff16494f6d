package bitbisect.runner.bisect;

import bitbisect.runner.analysis.Belief;
import bitbisect.runner.analysis.Design;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The edges of an explanation, and whether the hunt has tested them (docs/bisect.md, "Before it
 * stops"). A hunt runs few of the matrix's cells, and an explanation's support says nothing about
 * cells never run: "kernel=5.1" and "kernel=5.1 AND size=8MiB" fit the same evidence if no 1 MiB
 * cell on 5.1 ran. So before a settled verdict stops the hunt, every slice next to or inside each
 * cause must have had the chance to show the fault: for each axis and each of its values, the
 * cells that meet the cause's conditions on every other axis and take that value. At the cause's
 * rate, a slice's finished iterations must have been expected to show {@value #ENOUGH} corrupt
 * iterations (P(none) = 5%), unless one did. The rate is taken at the lower end of its 90%
 * interval: it was fitted on the cells that happened to be hit, so it runs high.
 *
 * <p>Far from the explanation, a second cause could hide in cells the hunt never ran. So each
 * value of each axis, among the cells the explanation does not hold for, must also have had the
 * chance to show a fault as frequent as the explanation's (its rarest cause's fitted rate). A
 * second cause much rarer than the first can still go unseen: the report then names the first
 * alone, and a longer hunt or a sweep is what finds the second (bench/bisect-vs-sweep.sh counts
 * how often).
 */
final class Edges {

    /** Expected corrupt iterations that make a clean slice telling: exp(-3) = 5%. */
    static final double ENOUGH = 3;

    /**
     * A slice not tested yet: what it is ("kernel=5.1", or "outside: kernel=5.1 and size=8MiB"),
     * its cells, the expected corrupt iterations it has had, and the index of the cause whose rate
     * it is judged at, and the fraction of that rate it is judged at.
     */
    record Slice(String name, BitSet cells, double expected, int cause, double factor) {
    }

    private Edges() {
    }

    /** The slices of the explanation's causes that have not had the chance to show the fault. */
    static List<Slice> untested(Design design, Belief.Leader leader, BitSet runnable) {
        List<Slice> out = new ArrayList<>();
        double[] low = new double[leader.causes().size()];
        for (int i = 0; i < leader.causes().size(); i++) {
            low[i] = lowFactor(design, leader.causes().get(i));
        }
        for (int i = 0; i < leader.causes().size(); i++) {
            BitSet[] allowed = leader.causes().get(i);
            for (int a = 0; a < design.axes().size(); a++) {
                if (design.axes().get(a).constant()) {
                    continue;
                }
                for (int v = 0; v < design.axes().get(a).values().size(); v++) {
                    add(design, leader, low, slice(design, allowed, a, v), runnable, i,
                            design.axes().get(a).name() + "=" + design.axes().get(a).values().get(v), out);
                }
            }
        }
        // Far from the explanation a second cause could hide: each value, among the cells it does
        // not hold for, must have had the chance to show a fault as frequent as its rarest cause.
        int rarest = 0;
        for (int i = 1; i < leader.rates().length; i++) {
            rarest = leader.rates()[i] < leader.rates()[rarest] ? i : rarest;
        }
        double[] fitted = new double[leader.rates().length];
        java.util.Arrays.fill(fitted, 1);
        BitSet outside = new BitSet();
        for (int c = 0; c < design.cells(); c++) {
            outside.set(c, leader.perIteration()[c] == 0);
        }
        for (int a = 0; a < design.axes().size(); a++) {
            Design.Axis axis = design.axes().get(a);
            for (int v = 0; v < axis.values().size() && !axis.constant(); v++) {
                BitSet cells = new BitSet();
                for (int c = outside.nextSetBit(0); c >= 0; c = outside.nextSetBit(c + 1)) {
                    cells.set(c, design.at()[c][a] == v);
                }
                add(design, leader, fitted, cells, runnable, rarest,
                        "outside the explanation, " + axis.name() + "=" + axis.values().get(v), out);
            }
        }
        return out;
    }

    /** Adds the slice when it has runnable cells, none corrupt, and too few expected corrupt iterations. */
    private static void add(Design design, Belief.Leader leader, double[] low, BitSet cells, BitSet runnable,
                            int cause, String name, List<Slice> out) {
        if (!cells.intersects(runnable)) {
            return;
        }
        double expected = 0;
        for (int c = cells.nextSetBit(0); c >= 0; c = cells.nextSetBit(c + 1)) {
            if (design.k()[c] > 0) {
                return;
            }
            expected += design.n()[c] * leader.chance(cause, design.words()[c], low[cause]);
        }
        if (expected < ENOUGH) {
            out.add(new Slice(name, cells, expected, cause, low[cause]));
        }
    }

    /**
     * The lower end of the 90% interval of a cause's rate, as a fraction of the fitted rate: for
     * k corrupt iterations, the Poisson bound chi2(0.05; 2k) / 2 over k.
     */
    private static double lowFactor(Design design, BitSet[] allowed) {
        long k = 0;
        for (int c = 0; c < design.cells(); c++) {
            boolean in = true;
            for (int a = 0; a < allowed.length && in; a++) {
                in = allowed[a] == null || allowed[a].get(design.at()[c][a]);
            }
            k += in ? design.k()[c] : 0;
        }
        if (k == 0) {
            return 1;
        }
        double bound = new org.apache.commons.math3.distribution.ChiSquaredDistribution(2.0 * k)
                .inverseCumulativeProbability(0.05) / 2;
        return bound / k;
    }

    /** Cells that meet {@code allowed} on every axis but {@code axis}, and take {@code value} there. */
    private static BitSet slice(Design design, BitSet[] allowed, int axis, int value) {
        BitSet s = new BitSet();
        for (int c = 0; c < design.cells(); c++) {
            int[] at = design.at()[c];
            boolean in = at[axis] == value;
            for (int b = 0; b < at.length && in; b++) {
                in = b == axis || allowed[b] == null || allowed[b].get(at[b]);
            }
            s.set(c, in);
        }
        return s;
    }
}
