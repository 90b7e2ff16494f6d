package bitbisect.runner.report;

import bitbisect.runner.report.Evidence.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/** Which clean cells need more iterations to decide what is still open, and the commands that add them. */
final class RerunPlan {

    private final Evidence evidence;
    private final Design design;
    private final List<Design.Axis> axes;
    private final BitSet clean;

    RerunPlan(Evidence evidence) {
        this.evidence = evidence;
        this.design = evidence.design();
        this.axes = evidence.axes();
        this.clean = evidence.clean();
    }

    /**
     * Clean cells too short to count where more iterations would decide something: cells that
     * miss one condition whose evidence, pooled over all such cells, does not yet rule out the
     * rate inside (they test whether it is needed), then clean cells inside (they test whether
     * the explanation is enough); fewest iterations needed first.
     */
    List<Findings.CellToRerun> of(List<Rule> explanation, long needed, Analysis.RerunCommand rerun) {
        if (needed == Long.MAX_VALUE) {
            return List.of();
        }
        record Candidate(int cell, int tier, long more, String why) {
        }
        List<Candidate> list = new ArrayList<>();
        BitSet in = evidence.inside(explanation);
        for (Rule r : explanation) {
            BitSet neighbours = evidence.inside(explanation.stream().filter(o -> o != r).toList());
            neighbours.andNot(in);
            if (design.iterations(neighbours) >= needed) {
                continue; // together they already rule out the rate inside
            }
            neighbours.and(clean);
            for (int c = neighbours.nextSetBit(0); c >= 0; c = neighbours.nextSetBit(c + 1)) {
                list.add(new Candidate(c, 0, needed - design.n()[c], "tests whether "
                        + Text.condition(axes.get(r.axis()), r.values()) + " is needed (this cell has "
                        + axes.get(r.axis()).name() + "=" + axes.get(r.axis()).values().get(design.at()[c][r.axis()]) + ")"));
            }
        }
        in.and(clean);
        for (int c = in.nextSetBit(0); c >= 0; c = in.nextSetBit(c + 1)) {
            if (design.n()[c] < needed) {
                list.add(new Candidate(c, 1, needed - design.n()[c], "inside the explanation but clean so far"));
            }
        }
        list.sort(Comparator.comparingInt(Candidate::tier).thenComparingLong(Candidate::more)
                .thenComparing(x -> design.cellIds().get(x.cell())));
        return list.stream().map(x -> new Findings.CellToRerun(design.cellIds().get(x.cell()), design.n()[x.cell()],
                x.more(), x.why(), rerun.of(design.cellIds().get(x.cell()), x.more()))).toList();
    }
}
