package bitbisect.runner.report;

import java.util.List;

/**
 * What the analysis concludes, in the form written to findings.json (snake_case) and rendered
 * into report.md and report.html. Every count is a sum over the cube's evidence measures.
 *
 * @param verdict        what kind of conclusion this is
 * @param headline       the conclusion in one sentence
 * @param exact          whether the explanations cover every corrupt cell with no convincing clean cell inside
 * @param explanations   the explanation (several when the matrix cannot choose; the best few when none is exact)
 * @param rateInside     corrupt iterations / iterations inside the first explanation (NaN without one)
 * @param iterationsToDecide clean iterations a cell needs to rule out {@code rateInside} at 95%
 * @param noDifference   axes whose values make no difference inside the explanation
 * @param confounded     groups of conditions that pick exactly the same cells in this matrix
 */
public record Findings(
        String layout,
        String sweepId,
        Verdict verdict,
        String headline,
        Totals totals,
        boolean exact,
        List<Explanation> explanations,
        double rateInside,
        long iterationsToDecide,
        List<AxisFinding> axes,
        List<String> noDifference,
        List<List<String>> confounded,
        List<CellToRerun> needsMoreIterations,
        List<InconclusiveCell> inconclusive) {

    public static final String LAYOUT = "bitbisect-findings-1";

    /** What kind of conclusion the analysis reached; written in snake_case ("partly_explained"). */
    public enum Verdict {
        /** One conjunction holds for every corrupt cell and no convincing clean cell. */
        EXPLAINED,
        /** Several conjunctions do, and this matrix cannot choose between them. */
        AMBIGUOUS,
        /** Every cell with evidence is corrupt. */
        EVERYWHERE,
        /** No conjunction does; the closest ones are given. */
        PARTLY_EXPLAINED,
        /** Iterations finished and none was corrupt. */
        NO_CORRUPTION,
        /** No iteration finished. */
        NO_EVIDENCE;

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
     * A conjunction of conditions. {@code fisherP} compares inside with outside; {@code
     * corruptCellsLeftOut} and {@code cleanCellsInside} are empty for an exact explanation
     * (clean cells inside that are too short to count are listed under needs_more_iterations).
     */
    public record Explanation(String text, List<Condition> conditions, Group inside, Group outside, double fisherP,
                              List<String> corruptCellsLeftOut, List<String> cleanCellsInside) {
    }

    /**
     * One condition: an axis taking one of a set of values ({@code op} "=" or "in") or, on an
     * ordered axis, a threshold (">=" or "<="). {@code without} is the evidence from cells that
     * meet every other condition but not this one, {@code fisherP} compares them with inside.
     */
    public record Condition(String axis, String op, List<String> values, String text, String meaning,
                            List<String> sameCellsAs, Group without, double fisherP) {
    }

    /** One axis: evidence per value, a test of independence, and its part in the explanation (and in words). */
    public record AxisFinding(String axis, List<ValueFinding> values, String test, double p, String testNote,
                              Part part, String role) {
    }

    public record ValueFinding(String value, int cells, long iterations, long corruptIterations, double rate,
                               double low95, double high95, long inconclusiveRuns) {
    }

    /** A clean cell with too few iterations to count, how many more it needs, and the command that adds them. */
    public record CellToRerun(String cell, long iterations, long more, String why, String command) {
    }

    /** A cell with no finished iteration: only hung, failed or unreachable runs, or none at all. */
    public record InconclusiveCell(String cell, long hung, long error, long unreachable, long notRun) {
    }
}
