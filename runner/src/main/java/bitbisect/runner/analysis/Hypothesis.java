package bitbisect.runner.analysis;

import bitbisect.runner.analysis.Evidence.Rule;
import java.util.BitSet;
import java.util.List;

/** One explanation as fitted. {@code second} is empty for one cause; rates are per word or per iteration. */
record Hypothesis(List<Rule> first, List<Rule> second, boolean background, Findings.Exposure exposure,
                  BitSet firstCells, BitSet secondCells, double rate1, double rate2, double backgroundRate,
                  double logL, double score) {

    boolean twoCauses() {
        return !second.isEmpty();
    }

    int conditions() {
        return first.size() + second.size();
    }

    BitSet guilty() {
        BitSet s = (BitSet) firstCells.clone();
        s.or(secondCells);
        return s;
    }

    /** P(an iteration of cell {@code c} is corrupt) under this hypothesis. */
    double probability(int c, long words) {
        double hazard1 = firstCells.get(c) ? rate1 : 0;
        double hazard2 = secondCells.get(c) ? rate2 : 0;
        double inside = hazard1 + hazard2;
        double rate = inside > 0 ? inside : background ? backgroundRate : 0;
        return Likelihood.probability(exposure, rate, words);
    }
}
