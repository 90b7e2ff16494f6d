package bitbisect.runner.analysis;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * What the analysis concludes, in the form written to findings.json (snake_case) and rendered
 * into report.md and report.html. Counts are sums over the cube's evidence measures.
 *
 * @param verdict         what kind of conclusion this is
 * @param headline        the conclusion in one sentence
 * @param exact           whether the leading explanation needs no background rate (every corrupt cell inside)
 * @param explanations    the explanation (two for two causes; the contenders when not settled)
 * @param exposure        whether the fault hits per word verified or per iteration, as the evidence favours
 * @param exposureSupport the support of that exposure (0.5: the matrix cannot tell, e.g. one size)
 * @param rateInside      corrupt iterations / iterations inside the first explanation (NaN without one)
 * @param hypotheses      the explanations weighed, most supported first
 * @param noDifference    axes whose values make no difference inside the explanation
 * @param confounded      groups of conditions that pick exactly the same cells in this matrix
 * @param needsMoreIterations the runs that would best separate the leading explanation from the next
 * @param coverage        what the finished iterations covered (the combinations of values run, cells never run,
 *                        the rate bounds if clean): with no corruption, all the sweep can claim
 */
public record Findings(
        String layout,
        String sweepId,
        Verdict verdict,
        String headline,
        Totals totals,
        boolean exact,
        List<Explanation> explanations,
        Exposure exposure,
        double exposureSupport,
        double rateInside,
        List<HypothesisFinding> hypotheses,
        List<AxisFinding> axes,
        List<String> noDifference,
        List<List<String>> confounded,
        List<CellToRerun> needsMoreIterations,
        List<InconclusiveCell> inconclusive,
        Coverage coverage) {

    public static final String LAYOUT = "bitbisect-findings-3";

    /** What kind of conclusion the analysis reached; written in snake_case ("not_enough_evidence"). */
    public enum Verdict {
        /** One conjunction explains the corruption, with at least 95% of the support. */
        EXPLAINED,
        /** Two conjunctions, each with its own rate, together do, with at least 95% of the support. */
        TWO_CAUSES,
        /** A conjunction with a higher rate inside and some corruption elsewhere (a background rate). */
        PARTLY_EXPLAINED,
        /** The corruption does not depend on any axis of this matrix. */
        EVERYWHERE,
        /** Two or three explanations share the support; the reruns listed would decide. */
        AMBIGUOUS,
        /** No explanation has 95% of the support yet; the reruns listed would add the most. */
        NOT_ENOUGH_EVIDENCE,
        /** The best explanation tried is contradicted by clean cells it expected to be hit: none fits. */
        UNEXPLAINED,
        /** Iterations finished and none was corrupt. */
        NO_CORRUPTION,
        /** No iteration finished. */
        NO_EVIDENCE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How a fault's chance of hitting an iteration grows with what the iteration verifies. */
    public enum Exposure {
        /** Per word verified: an 8 MiB iteration is about 8x as likely to be hit as a 1 MiB one. */
        PER_WORD,
        /** Per iteration (a lost write, a bad close): size does not matter. */
        PER_ITERATION;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An axis's part in the conclusion; {@code AxisFinding.role} says it in words. */
    public enum Part {
        /** The axis has one value in this matrix. */
        ONE_VALUE,
        /** There is no corruption at any of its values. */
        NO_CORRUPTION,
        /** No explanation to have a part in. */
        NONE,
        /** One of the explanation's conditions. */
        IN_EXPLANATION,
        /** Picks exactly the cells of one of the conditions: confounded with it in this matrix. */
        SAME_CELLS,
        /** Takes only one value inside the explanation. */
        NOT_VARIED,
        /** The rate inside the explanation differs between its values. */
        CHANGES_RATE,
        /** Its values make no difference inside the explanation. */
        NO_DIFFERENCE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Cells by what their finished runs show, and the iterations behind them. */
    public record Totals(int cells, int corruptCells, int cleanCells, int cellsWithoutEvidence, long iterations,
                         long corruptIterations, double upperBound95IfClean) {
    }

    /**
     * A set of cells and its evidence: rate with exact 95% interval; {@code upperBound95} is the
     * one-sided bound when no iteration was corrupt (about 3 / iterations).
     */
    public record Group(int cells, int corruptCells, int cleanCells, int cellsWithoutEvidence, long iterations,
                        long corruptIterations, double rate, double low95, double high95, double upperBound95) {
    }

    /**
     * A conjunction of conditions and its fit. {@code rate} is per word verified or per iteration
     * (the findings' exposure); {@code backgroundRate} is the rate outside (0 unless the
     * corruption needs one). {@code corruptCellsLeftOut} lists corrupt cells outside it;
     * {@code cleanCellsInside} clean cells inside that were expected to show 3 or more corrupt
     * iterations at the fitted rate. {@code support} is its share of the evidence's support.
     */
    public record Explanation(String text, List<Condition> conditions, Group inside, Group outside, double fisherP,
                              List<String> corruptCellsLeftOut, List<String> cleanCellsInside, double support,
                              double rate, double backgroundRate) {
    }

    /** One explanation weighed: its words, support, exposure, fitted rates, conditions and guilty cells. */
    public record HypothesisFinding(String text, double support, Exposure exposure, double rate, double backgroundRate,
                                    int conditions, int cells, double logLikelihood) {
    }

    /**
     * One condition: an axis taking one of a set of values ({@code op} "=" or "in") or, on an
     * ordered axis, a threshold (">=" or "<="). {@code without} is the evidence from cells that
     * meet every other condition but not this one, {@code fisherP} compares them with inside.
     */
    public record Condition(String axis, Op op, List<String> values, String text, String meaning,
                            List<String> sameCellsAs, Group without, double fisherP) {
    }

    /** How a condition takes its values from its axis, written in findings.json as its symbol. */
    public enum Op {
        /** One value: {@code kernel=5.1}. */
        EQUALS("="),
        /** The values from one up, on an ordered axis: {@code size >= 64MiB}. */
        AT_LEAST(">="),
        /** The values up to one, on an ordered axis: {@code size <= 1MiB}. */
        AT_MOST("<="),
        /** Any other set: {@code sync in {buffered, fsync}}. */
        IN("in");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        @JsonValue
        public String symbol() {
            return symbol;
        }
    }

    /** One axis: evidence per value, a test of independence, and its part in the explanation (and in words). */
    public record AxisFinding(String axis, List<ValueFinding> values, String test, double p, String testNote,
                              Part part, String role) {
    }

    /**
     * One axis value: corrupt iterations of iterations with an exact interval (Clopper-Pearson),
     * and corrupt words per GiB verified with an exact Poisson interval.
     */
    public record ValueFinding(String value, int cells, long iterations, long corruptIterations, double rate,
                               double low95, double high95, long inconclusiveRuns, long corruptWords,
                               double gibVerified, double wordsPerGib, double wordsPerGibLow95,
                               double wordsPerGibHigh95) {
    }

    /** A cell whose iterations would best separate two explanations, how many, and the command that adds them. */
    public record CellToRerun(String cell, long iterations, long more, String why, String command) {
    }

    /** A cell with no finished iteration: only hung, failed or unreachable runs, or none at all. */
    public record InconclusiveCell(String cell, long hung, long error, long unreachable, long notRun) {
    }
}
