package bitbisect.runner.report;

import bitbisect.runner.store.HuntLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The path of a hunt (bitbisect bisect) from bisect.jsonl: how the leading explanations' support
 * moved over the rounds, and each round's runs and why they were chosen.
 */
final class HuntSection {

    /** Explanations drawn: those first or second at some round, at most this many. */
    private static final int DRAWN = 6;

    private final List<HuntLog.Entry> log;

    HuntSection(List<HuntLog.Entry> log) {
        this.log = log;
    }

    void write(Doc doc) {
        if (log.isEmpty()) {
            return;
        }
        List<HuntLog.Entry> rounds = log.stream().filter(e -> e.kind() != HuntLog.Kind.STOP).toList();
        HuntLog.Entry last = log.get(log.size() - 1);
        doc.heading(2, "The hunt");
        long runs = rounds.stream().mapToLong(e -> e.runs().size()).sum();
        doc.paragraph(String.format(Locale.ROOT, "This sweep is a hunt (`bitbisect bisect`, docs/bisect.md): %d rounds,"
                + " %d runs, each round decided from the evidence before it. %s Every decision is in `bisect.jsonl`.",
                rounds.size(), runs, last.kind() == HuntLog.Kind.STOP ? stopped(last) : "It has not stopped yet."));
        supportChart(doc);
        List<List<String>> rows = new ArrayList<>();
        for (HuntLog.Entry e : log) {
            String leading = e.leading().isEmpty() ? "no corruption yet" : String.join("; ", e.leading().stream()
                    .limit(2).map(l -> String.format(Locale.ROOT, "%s (%.2f)", l.explanation(), l.support())).toList());
            long iterations = e.runs().stream().mapToLong(HuntLog.ChosenRun::iterations).sum();
            String why = e.kind() == HuntLog.Kind.STOP ? e.reason().label().replace('_', ' ')
                    : e.runs().isEmpty() ? "" : e.runs().get(0).why();
            rows.add(List.of(Integer.toString(e.round()), e.kind().label(), e.verdict().replace('_', ' '), leading,
                    e.kind() == HuntLog.Kind.STOP ? "" : e.runs().size() + " runs, " + String.format(Locale.ROOT, "%,d",
                            iterations) + " iterations", why));
        }
        doc.table(List.of("round", "kind", "verdict before", "leading (support)", "runs", "why (first run)"), rows);
    }

    private static String stopped(HuntLog.Entry stop) {
        String why = switch (stop.reason()) {
            case SETTLED -> "the verdict was settled and the edges of its explanation tested";
            case BUDGET_SPENT -> "the budget was spent";
            case NOTHING_TO_RUN -> "no cell could run";
        };
        return String.format(Locale.ROOT, "It stopped after %,d iterations and %.0f s of host time: %s.",
                stop.usedIterations(), stop.usedHostSeconds(), why);
    }

    /** Support of each explanation first or second at some round, over the rounds (a gap where it was not among the leaders logged). */
    private void supportChart(Doc doc) {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (HuntLog.Entry e : log) {
            for (HuntLog.Leading l : e.leading().subList(0, Math.min(2, e.leading().size()))) {
                if (series.size() < DRAWN) {
                    series.computeIfAbsent(l.explanation(), k -> {
                        double[] v = new double[log.size()];
                        java.util.Arrays.fill(v, Double.NaN);
                        return v;
                    });
                }
            }
        }
        if (series.isEmpty()) {
            return;
        }
        for (int i = 0; i < log.size(); i++) {
            for (HuntLog.Leading l : log.get(i).leading()) {
                double[] v = series.get(l.explanation());
                if (v != null) {
                    v[i] = l.support();
                }
            }
        }
        doc.chart(Svg.lines("support of the leading explanations, by round", "round", "support", List.copyOf(series.keySet()),
                List.copyOf(series.values())), "Support is the explanation's share of the weight of the evidence"
                + " (docs/report.md); each point is the support when that round was decided.");
    }
}
