package bitbisect.runner.analysis;

import java.util.List;
import java.util.Locale;

/** The conclusion in one sentence (and a few words on the exposure), the first line of every report. */
final class Headline {

    private Headline() {
    }

    /**
     * No corruption: how far the clean evidence goes. The bound over every iteration, per GiB
     * verified, and the loosest bound of any axis value; and, when cells never ran, which
     * combinations of values every run set covered, so nobody reads "no corruption" as "no cause".
     */
    static String noCorruption(long iterations, Coverage coverage) {
        int cells = coverage.cellsRun() + coverage.neverRun().size();
        String where = cells == 1 ? "in the one cell" : coverage.everyCell() ? String.format(Locale.ROOT, "over all %d cells", cells)
                : String.format(Locale.ROOT, "over %d of %d cells", coverage.cellsRun(), cells);
        String weakest = coverage.weakest().isEmpty() || coverage.weakestIterations() == iterations ? ""
                : String.format(Locale.ROOT, "; the least run, %s (%,d iterations%s), below %s", coverage.weakest(),
                        coverage.weakestIterations(), coverage.weakest().matches("every .*|.*, .*") ? " each" : "",
                        Text.percent(coverage.weakestPerIteration()));
        String rest = coverage.everyCell() ? ""
                : String.format(Locale.ROOT, " %s: a cause that needs %d values at once could hide in %s.",
                        capitalised(coverage.text()), coverage.strength() + 1,
                        coverage.neverRun().size() == 1 ? "the cell never run" : "the cells never run");
        return String.format(Locale.ROOT, "No corruption in %s %s: at 95%%, fewer than %s of iterations are"
                        + " corrupt where they ran (fewer than %s corrupt words per GiB verified)%s.%s",
                Text.count(iterations) + (iterations == 1 ? " iteration" : " iterations"), where,
                Text.percent(coverage.perIteration()), Text.figure(coverage.perGib()), weakest, rest);
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** One explanation weighed, in words (its causes and its background together), with its support. */
    record Contender(String text, double support) {

        /** A hypothesis's words: each cause described, a second cause after "; and ", a background after both. */
        static Contender of(List<Findings.Explanation> causes, boolean background, double support) {
            String text = String.join("; and ", causes.stream().map(Headline::describe).toList());
            return new Contender(background ? text + ", with a background rate elsewhere" : text, support);
        }
    }

    /**
     * {@code sizes}: how many sizes the leading explanation's cells have (one: the exposure cannot
     * be told); {@code contenders}: the explanations shown, ranked, each once, for the verdicts
     * that name several.
     */
    static String of(Findings.Verdict verdict, List<Findings.Explanation> explanations, List<Contender> contenders,
                     Findings.Exposure exposure, double exposureSupport, List<String> noDifference, int sizes) {
        Findings.Explanation e = explanations.get(0);
        String nothingElse = noDifference.isEmpty() ? "" : " " + String.join(", ", noDifference)
                + (noDifference.size() == 1 ? " makes" : " make") + " no difference.";
        String support = "support " + Text.support(e.support());
        return switch (verdict) {
            case EXPLAINED -> String.format(Locale.ROOT, "Corruption only where %s (%s): %,d of %,d iterations there"
                            + " (%s), none in %,d iterations elsewhere (below %s at 95%%).%s%s", describe(e), support,
                    e.inside().corruptIterations(), e.inside().iterations(), Text.percent(e.inside().rate()),
                    e.outside().iterations(), Text.percent(e.outside().upperBound95()),
                    exposure(exposure, exposureSupport, sizes), nothingElse);
            case TWO_CAUSES -> String.format(Locale.ROOT, "Two causes (%s): %s (%,d of %,d iterations), and %s"
                            + " (%,d of %,d iterations); none in %,d iterations elsewhere.", support, describe(e),
                    e.inside().corruptIterations(), e.inside().iterations(), describe(explanations.get(1)),
                    explanations.get(1).inside().corruptIterations(), explanations.get(1).inside().iterations(),
                    e.outside().iterations());
            case PARTLY_EXPLAINED -> String.format(Locale.ROOT, "Corruption mostly where %s (%s): %,d of %,d"
                            + " iterations there (%s), and %,d of %,d elsewhere (%s), more than chance leaves.",
                    describe(e), support, e.inside().corruptIterations(), e.inside().iterations(),
                    Text.percent(e.inside().rate()), e.outside().corruptIterations(), e.outside().iterations(),
                    Text.percent(e.outside().rate()));
            case EVERYWHERE -> String.format(Locale.ROOT, "Corruption across the whole matrix (%s): %,d of %,d"
                    + " iterations (%s); no axis narrows it down.", support, e.inside().corruptIterations(),
                    e.inside().iterations(), Text.percent(e.inside().rate()));
            case AMBIGUOUS -> contenders(contenders) + ". The reruns listed would decide.";
            case UNEXPLAINED -> "No explanation tried fits every cell: the closest, " + describe(e) + ", expected"
                    + " corruption in " + e.cleanCellsInside().size() + " clean cells (listed below). The corruption"
                    + " may need more conditions than this matrix can separate, or the reruns listed may show more.";
            default -> "Not enough evidence yet: the leading explanation, " + contenders.get(0).text()
                    + ", has support " + Text.support(contenders.get(0).support())
                    + " (95% needed). The reruns listed would add the most.";
        };
    }

    /**
     * "Not settled between 3 explanations: (1) kernel=5.1, with a background rate elsewhere (support
     * 56.1%); (2) ...": each contender once, a pair of causes or a cause and its background as one,
     * so the supports add up to no more than 100%.
     */
    private static String contenders(List<Contender> shown) {
        List<String> items = new java.util.ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            items.add("(" + (i + 1) + ") " + shown.get(i).text() + " (support " + Text.support(shown.get(i).support()) + ")");
        }
        return "Not settled between " + shown.size() + " explanations: " + String.join("; ", items);
    }

    /** What the evidence says of size, when it can say anything. */
    private static String exposure(Findings.Exposure exposure, double support, int sizes) {
        if (sizes < 2 || support < 0.75) {
            return "";
        }
        double odds = support / Math.max(1e-300, 1 - support);
        String favoured = odds >= 1000 ? "over 1000:1" : String.format(Locale.ROOT, "%.0f:1", odds);
        return exposure == Findings.Exposure.PER_WORD
                ? " The rate per GiB verified is the same across sizes (favoured " + favoured + " over a rate per"
                        + " iteration): size changes how often an iteration is hit, not whether corruption happens."
                : " Larger files are not hit more often (a rate per iteration is favoured " + favoured + " over one"
                        + " per GiB): the fault hits whole operations, not words.";
    }

    /** The explanation with the meaning and the aliases of its conditions. */
    static String describe(Findings.Explanation e) {
        if (e.conditions().isEmpty()) {
            return "everywhere (no condition)"; // the explanation that corruption does not depend on the matrix
        }
        return String.join(" AND ", e.conditions().stream().map(c -> c.text()
                + (c.meaning() == null ? "" : " (" + c.meaning() + ")")
                + (c.sameCellsAs().isEmpty() ? "" : " [same cells as " + String.join(", ", c.sameCellsAs()) + "]"))
                .toList());
    }
}
