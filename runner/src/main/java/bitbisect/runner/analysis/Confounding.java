package bitbisect.runner.analysis;

import bitbisect.runner.analysis.Evidence.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Conditions this matrix cannot tell apart, because they pick exactly the same cells. */
final class Confounding {

    private Confounding() {
    }

    /** Conditions on other axes that pick exactly the cells this one picks. */
    static List<String> sameCellsAs(Evidence evidence, Rule r) {
        Design design = evidence.design();
        List<Design.Axis> axes = evidence.axes();
        BitSet picked = design.where(r.axis(), r.values());
        List<String> same = new ArrayList<>();
        for (int b = 0; b < axes.size(); b++) {
            if (b == r.axis() || axes.get(b).constant()) {
                continue;
            }
            BitSet values = design.valuesOf(b, picked);
            if (values.cardinality() < axes.get(b).values().size() && design.where(b, values).equals(picked)) {
                same.add(Text.condition(axes.get(b), values));
            }
        }
        return same;
    }

    /** Single values of different axes that pick exactly the same cells (kernel=5.1 only on R630: model=R630). */
    static List<List<String>> confounded(Evidence evidence) {
        Design design = evidence.design();
        List<Design.Axis> axes = evidence.axes();
        Map<BitSet, List<String>> bySelection = new LinkedHashMap<>();
        Map<BitSet, Set<Integer>> axesBySelection = new HashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            if (axes.get(a).constant()) {
                continue;
            }
            for (int v = 0; v < axes.get(a).values().size(); v++) {
                BitSet one = new BitSet();
                one.set(v);
                BitSet picked = design.where(a, one);
                bySelection.computeIfAbsent(picked, x -> new ArrayList<>()).add(Text.condition(axes.get(a), one));
                axesBySelection.computeIfAbsent(picked, x -> new java.util.HashSet<>()).add(a);
            }
        }
        return bySelection.entrySet().stream().filter(e -> axesBySelection.get(e.getKey()).size() > 1)
                .map(Map.Entry::getValue).toList();
    }
}
