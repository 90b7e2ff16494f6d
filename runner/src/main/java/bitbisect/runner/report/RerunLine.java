package bitbisect.runner.report;

/**
 * The one way a rerun command is spelled, in the sweep's summary and in the report: named as the
 * user started bitbisect ({@code ./bitbisect} from the repository, {@code bitbisect} from PATH;
 * the launcher passes it as the system property {@code bitbisect.program}).
 */
public final class RerunLine {

    private RerunLine() {
    }

    /** How the user started bitbisect; "bitbisect" when run from the jar directly. */
    public static String program() {
        return System.getProperty("bitbisect.program", "bitbisect");
    }

    /** {@code PROGRAM rerun CELL --sweep ID --iterations N}, then {@code options} (such as " --results DIR"). */
    public static String of(String cell, String sweepId, long iterations, String options) {
        return program() + " rerun " + cell + " --sweep " + sweepId + " --iterations " + iterations + options;
    }
}
