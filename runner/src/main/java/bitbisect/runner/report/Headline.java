package bitbisect.runner.report;

import java.util.List;
import java.util.Locale;

/** The conclusion in one sentence, the first line of every report. */
final class Headline {

    private Headline() {
    }

    static String of(Findings.Verdict verdict, List<Findings.Explanation> explanations, List<String> noDifference) {
        Findings.Explanation e = explanations.get(0);
        String nothingElse = noDifference.isEmpty() ? "" : " " + String.join(", ", noDifference)
                + (noDifference.size() == 1 ? " makes" : " make") + " no difference.";
        switch (verdict) {
            case EXPLAINED:
                return String.format(Locale.ROOT, "Corruption only where %s: %,d of %,d iterations there (%s),"
                                + " none in %,d iterations elsewhere (below %s at 95%%).%s", describe(e),
                        e.inside().corruptIterations(), e.inside().iterations(), Text.percent(e.inside().rate()),
                        e.outside().iterations(), Text.percent(e.outside().upperBound95()), nothingElse);
            case AMBIGUOUS:
                return "This matrix cannot tell apart: " + String.join("; or ",
                        explanations.stream().map(Headline::describe).toList())
                        + ". Each covers every corrupt cell and no convincing clean one.";
            case EVERYWHERE:
                return String.format(Locale.ROOT, "Corruption across the whole matrix: %,d of %,d iterations (%s);"
                        + " no axis narrows it down.", e.inside().corruptIterations(), e.inside().iterations(),
                        Text.percent(e.inside().rate()));
            default:
                return "No conjunction explains every corrupt cell. Closest: " + e.text() + " (leaves out "
                        + e.corruptCellsLeftOut().size() + " corrupt cells, lets in " + e.cleanCellsInside().size()
                        + " convincing clean cells).";
        }
    }

    /** The explanation with the meaning and the aliases of its conditions. */
    static String describe(Findings.Explanation e) {
        return String.join(" AND ", e.conditions().stream().map(c -> c.text()
                + (c.meaning() == null ? "" : " (" + c.meaning() + ")")
                + (c.sameCellsAs().isEmpty() ? "" : " [same cells as " + String.join(", ", c.sameCellsAs()) + "]"))
                .toList());
    }
}
