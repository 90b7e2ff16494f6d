package bitbisect.runner.report;

import bitbisect.runner.analysis.Design;
import bitbisect.runner.analysis.Findings;
import bitbisect.runner.analysis.Likelihood;
import bitbisect.runner.analysis.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's attribution: each explanation with its support and evidence, the explanations
 * weighed, observed against predicted per cell, the axes that make no difference, confounding,
 * per axis value rates (per iteration and per GiB), the runs that would decide, and the cells
 * without evidence.
 */
final class AttributionSection {

    private final Design design;
    private final Findings findings;

    AttributionSection(Design design, Findings findings) {
        this.design = design;
        this.findings = findings;
    }

    void write(Doc doc) {
        doc.heading(2, "Attribution");
        if (findings.explanations().isEmpty()) {
            doc.paragraph(findings.headline());
        }
        int number = 1;
        for (Findings.Explanation e : findings.explanations()) {
            String title = findings.explanations().size() == 1 ? "Explanation"
                    : (findings.verdict() == Findings.Verdict.TWO_CAUSES ? "Cause " : "Contender ") + number++;
            doc.heading(3, title + ": `" + e.text() + "`");
            List<String> items = new ArrayList<>();
            items.add("support: " + Text.support(e.support()) + " of the evidence's; fitted rate " + rateText(e.rate())
                    + (e.backgroundRate() > 0 ? ", and " + rateText(e.backgroundRate()) + " elsewhere" : ""));
            items.add("inside: " + groupText(e.inside()));
            items.add("outside: " + groupText(e.outside()) + "; Fisher exact inside vs outside p = " + Text.p(e.fisherP()));
            for (Findings.Condition c : e.conditions()) {
                items.add("`" + c.text() + "`" + (c.meaning() == null ? "" : " (" + c.meaning() + ")")
                        + (c.sameCellsAs().isEmpty() ? "" : ", the same cells as `" + String.join("`, `", c.sameCellsAs())
                        + "`: this matrix cannot tell them apart")
                        + ". Cells meeting every other condition but not this one: " + groupText(c.without())
                        + "; Fisher p = " + Text.p(c.fisherP()));
            }
            if (!e.corruptCellsLeftOut().isEmpty()) {
                items.add("leaves out " + e.corruptCellsLeftOut().size() + " corrupt cells: " + list(e.corruptCellsLeftOut()));
            }
            if (!e.cleanCellsInside().isEmpty()) {
                items.add("lets in " + e.cleanCellsInside().size() + " clean cells that its rate expected to show 3 or"
                        + " more corrupt iterations: " + list(e.cleanCellsInside()));
            }
            doc.bullets(items);
        }
        weighed(doc);
        if (!findings.noDifference().isEmpty()) {
            doc.heading(3, "Axes that make no difference");
            doc.bullets(findings.axes().stream().filter(a -> findings.noDifference().contains(a.axis()))
                    .map(a -> "`" + a.axis() + "`: no difference between its values inside the explanation").toList());
        }
        List<String> others = findings.axes().stream().filter(a -> a.part() == Findings.Part.CHANGES_RATE
                || a.part() == Findings.Part.NOT_VARIED || a.part() == Findings.Part.SAME_CELLS).map(a -> "`" + a.axis()
                + "`: " + a.role()).toList();
        if (!others.isEmpty()) {
            doc.heading(3, "Other axes");
            doc.bullets(others);
        }
        if (!findings.confounded().isEmpty()) {
            doc.heading(3, "Confounded in this matrix");
            doc.paragraph("These pick exactly the same cells, so no sweep of this matrix can tell them apart;"
                    + " add cells that separate them to decide.");
            doc.bullets(findings.confounded().stream().limit(ReportWriter.SHOWN).map(g -> "`" + String.join("` = `", g) + "`").toList());
        }
        perAxis(doc);
        reruns(doc);
        if (!findings.inconclusive().isEmpty()) {
            doc.heading(3, "Cells without evidence");
            doc.paragraph(findings.inconclusive().size() + " cells have no finished iteration: they count neither as"
                    + " clean nor as corrupt.");
            doc.table(List.of("cell", "hung", "error", "unreachable", "not run"), findings.inconclusive().stream()
                    .limit(ReportWriter.SHOWN).map(i -> List.of("`" + i.cell() + "`", Text.count(i.hung()), Text.count(i.error()), Text.count(i.unreachable()),
                            Text.count(i.notRun()))).toList());
        }
    }

    /** "2.1e-08 per word (160 per GiB verified)" or "12% per iteration", as the findings' exposure says. */
    private String rateText(double rate) {
        if (Double.isInfinite(rate)) {
            return "every iteration";
        }
        return findings.exposure() == Findings.Exposure.PER_WORD
                ? String.format(Locale.ROOT, "%.2g per word verified (%.3g per GiB)", rate, rate * (1L << 27))
                : Text.percent(rate) + " of iterations";
    }

    /** The explanations weighed, the exposure, and the leading one's predictions against what each cell showed. */
    private void weighed(Doc doc) {
        if (findings.hypotheses().isEmpty()) {
            return;
        }
        doc.heading(3, "Explanations weighed");
        doc.paragraph("Each explanation is fitted to every cell's evidence at the count that cell was expected to"
                + " show, under a rate per word verified and under a rate per iteration; support is its share of the"
                + " likelihood after a cost for each condition and each rate (docs/report.md). The evidence favours a"
                + " rate " + (findings.exposure() == Findings.Exposure.PER_WORD ? "per word verified" : "per iteration")
                + " with support " + Text.support(findings.exposureSupport()) + ".");
        doc.table(List.of("explanation", "support", "exposure", "conditions", "guilty cells"),
                findings.hypotheses().stream().map(h -> List.of("`" + h.text() + "`", Text.support(h.support()),
                        h.exposure().label().replace('_', ' '), Text.count(h.conditions()), Text.count(h.cells()))).toList());
        predictions(doc);
    }

    /**
     * Observed corrupt iterations per cell against the 95% range the leading explanation predicts
     * there: the cells it covers, then the clean cells with most evidence outside.
     */
    private void predictions(Doc doc) {
        Findings.Explanation e = findings.explanations().get(0);
        if (e.conditions().isEmpty() || Double.isInfinite(e.rate())) {
            return;
        }
        List<Integer> shown = new ArrayList<>();
        for (int c = 0; c < design.cells() && shown.size() < 40; c++) {
            if (matches(c, e) && design.n()[c] > 0) {
                shown.add(c);
            }
        }
        if (shown.isEmpty()) {
            return;
        }
        int count = shown.size();
        double[] observed = new double[count];
        double[] low = new double[count];
        double[] high = new double[count];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int c = shown.get(i);
            double q = Likelihood.probability(findings.exposure(), e.rate(), design.words()[c]);
            org.apache.commons.math3.distribution.BinomialDistribution b =
                    new org.apache.commons.math3.distribution.BinomialDistribution(null, (int) Math.min(Integer.MAX_VALUE,
                            design.n()[c]), q);
            observed[i] = design.k()[c];
            low[i] = b.inverseCumulativeProbability(0.025);
            high[i] = b.inverseCumulativeProbability(0.975);
            labels.add(Integer.toString(i + 1));
        }
        doc.chart(new Svg.Bars("corrupt iterations per cell of " + e.text(), "cell (numbered as in the table below)",
                "corrupt iterations", Svg.Unit.COUNT, labels, observed, low, high, Math.max(1, count / 20)).svg(), "bars: corrupt iterations each cell showed; whiskers: the 95% range the"
                + " explanation's rate predicts there (cells numbered as in the table below)");
        doc.table(List.of("#", "cell", "iterations", "corrupt", "predicted (95%)"), java.util.stream.IntStream
                .range(0, count).mapToObj(i -> List.of(Integer.toString(i + 1), "`" + design.cellIds().get(shown.get(i))
                        + "`", Text.count(design.n()[shown.get(i)]), Text.count(design.k()[shown.get(i)]),
                        String.format(Locale.ROOT, "%.0f-%.0f", low[i], high[i]))).toList());
    }

    /** Whether cell {@code c} meets every condition of {@code e}. */
    private boolean matches(int c, Findings.Explanation e) {
        for (Findings.Condition cond : e.conditions()) {
            int a = design.axes().stream().map(Design.Axis::name).toList().indexOf(cond.axis());
            if (!cond.values().contains(design.axes().get(a).values().get(design.at()[c][a]))) {
                return false;
            }
        }
        return true;
    }

    private void perAxis(Doc doc) {
        doc.heading(3, "Per axis value");
        doc.paragraph("Corrupt iterations / finished iterations, with exact 95% intervals (Clopper-Pearson), beside"
                + " corrupt words per GiB verified, with exact 95% Poisson intervals: a fault that hits words shows"
                + " the same rate per GiB at every size. The test asks whether the rate of corrupt iterations depends"
                + " on the axis.");
        for (Findings.AxisFinding a : findings.axes()) {
            if (a.values().size() < 2) {
                continue;
            }
            doc.paragraph("`" + a.axis() + "`: " + (a.test().equals("none") ? "no test" : a.test() + " p = " + Text.p(a.p()))
                    + (a.testNote() == null ? "" : " (" + a.testNote() + ")") + (a.role().isEmpty() ? "" : "; " + a.role()));
            doc.table(List.of("value", "cells", "corrupt / iterations", "corrupt words per GiB (95% CI)",
                            "hung, failed or unreachable runs"),
                    a.values().stream().map(v -> List.of(v.value(), Text.count(v.cells()),
                            Text.rate(v.corruptIterations(), v.iterations(), v.low95(), v.high95()),
                            perGib(v), Text.count(v.inconclusiveRuns()))).toList());
            if (findings.totals().corruptIterations() > 0) {
                doc.chart(new Svg.Bars("corrupt iterations by " + a.axis(), a.axis(), "corrupt iterations",
                        Svg.Unit.SHARE, a.values().stream().map(Findings.ValueFinding::value).toList(),
                        a.values().stream().mapToDouble(v -> Double.isNaN(v.rate()) ? 0 : v.rate()).toArray(),
                        a.values().stream().mapToDouble(Findings.ValueFinding::low95).toArray(),
                        a.values().stream().mapToDouble(v -> v.iterations() == 0 ? 0 : v.high95()).toArray(), 1).svg(),
                        "share of iterations that were corrupt, per " + a.axis() + ", with its 95% interval");
            } else if (findings.totals().iterations() > 0) {
                // A clean sweep's picture: how rare corruption may still be at each value, after what was verified.
                doc.chart(new Svg.Bars("no corruption: at most this many corrupt words per GiB, by " + a.axis(),
                        a.axis(), "corrupt words per GiB (95% bound)", Svg.Unit.AMOUNT,
                        a.values().stream().map(Findings.ValueFinding::value).toList(),
                        a.values().stream().mapToDouble(v -> v.gibVerified() > 0 ? v.wordsPerGibHigh95() : 0).toArray())
                        .svg(), "the 95% upper bound of the rate of corrupt words each " + a.axis() + " leaves: the"
                        + " more verified there, the lower (0 where nothing was verified)");
            }
        }
    }

    private static String perGib(Findings.ValueFinding v) {
        if (v.gibVerified() <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,d in %.3g GiB: %.3g (%.3g-%.3g)", v.corruptWords(), v.gibVerified(),
                v.wordsPerGib(), v.wordsPerGibLow95(), v.wordsPerGibHigh95());
    }

    private void reruns(Doc doc) {
        if (findings.needsMoreIterations().isEmpty()) {
            return;
        }
        doc.heading(3, "Runs that would decide");
        doc.paragraph("The cells whose iterations best separate the leading explanation from the next one ("
                + findings.hypotheses().get(1).text() + "): how many more iterations make the evidence favour one of"
                + " them 20:1, least data verified first.");
        doc.table(List.of("cell", "iterations so far", "more", "why"), findings.needsMoreIterations().stream().limit(ReportWriter.SHOWN)
                .map(r -> List.of("`" + r.cell() + "`", Text.count(r.iterations()), Text.count(r.more()), r.why())).toList());
        doc.code(String.join("\n", findings.needsMoreIterations().stream().limit(5)
                .map(Findings.CellToRerun::command).toList()));
    }

    private static String groupText(Findings.Group g) {
        String rate = g.corruptIterations() == 0
                ? String.format(Locale.ROOT, "0 / %,d iterations (below %s at 95%%)", g.iterations(),
                        Text.percent(g.upperBound95()))
                : Text.rate(g.corruptIterations(), g.iterations(), g.low95(), g.high95());
        return String.format(Locale.ROOT, "%,d cells (%,d corrupt, %,d clean, %,d without evidence), %s", g.cells(),
                g.corruptCells(), g.cleanCells(), g.cellsWithoutEvidence(), rate);
    }

    private static String list(List<String> cells) {
        return "`" + String.join("`, `", cells.stream().limit(ReportWriter.SHOWN).toList()) + "`"
                + (cells.size() > ReportWriter.SHOWN ? " and " + (cells.size() - ReportWriter.SHOWN) + " more" : "");
    }
}
