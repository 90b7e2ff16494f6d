package bitbisect.runner.publish;

import bitbisect.runner.analysis.Outcomes;
import bitbisect.runner.matrix.Cell;
import bitbisect.runner.store.AtomicFiles;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.RunTotals;
import bitbisect.runner.store.SweepData;
import bitbisect.writer.units.Count;
import bitbisect.writer.units.Decimal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code junit.xml}: the sweep as a JUnit report, so a CI system shows it like a test run. One
 * test suite (the sweep), one test case per cell: a <b>failure</b> when a run found corruption,
 * an <b>error</b> when its runs only hung, failed or were unreachable, <b>skipped</b> when it has
 * no run yet; passed when its runs finished clean. The time is its runs' time added up. The
 * suite's properties say where each outcome other than corruption follows ({@link Outcomes}):
 * {@code outcome: error ESTALE} = "8 runs in 4 cells; kernel=5.1 AND storage=nfs (support ...)".
 */
public final class JunitXml {

    private JunitXml() {
    }

    static Path write(SweepData data, Path dir, Outcomes outcomes) throws IOException {
        // Appended piece by piece: a String.format per cell took 0.1-0.3 s for 10,000 cells.
        StringBuilder cases = new StringBuilder();
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        double total = 0;
        String suite = escape(data.sweep().id());
        for (Cell cell : data.matrix().cells()) {
            List<RunSummary> runs = data.runs().getOrDefault(cell.id(), List.of());
            RunTotals t = RunTotals.of(runs);
            double seconds = runs.stream().mapToDouble(RunSummary::elapsedSeconds).sum(); // compensated, as before
            total += seconds;
            cases.append("  <testcase classname=\"").append(suite).append("\" name=\"").append(escape(cell.id()))
                    .append("\" time=\"").append(Decimal.fixed(seconds, 3)).append('"');
            if (t.evidenceCorruptIterations() > 0) { // a corrupt run, or corruption a run verified before it failed
                failures++;
                String message = t.evidenceCorruptWords() + " corrupt words in " + t.evidenceCorruptIterations() + " of "
                        + t.evidenceIterations() + " iterations";
                cases.append(">\n    <failure type=\"corruption\" message=\"").append(escape(message)).append("\">")
                        .append(escape(detail(runs))).append("</failure>\n  </testcase>\n");
            } else if (t.evidenceIterations() == 0 && t.runs() > 0) {
                errors++;
                cases.append(">\n    <error type=\"inconclusive\" message=\"")
                        .append(escape("no run finished: " + t.runs(RunStatus.HUNG) + " hung, " + t.runs(RunStatus.ERROR)
                                + " failed, " + t.runs(RunStatus.UNREACHABLE) + " unreachable"))
                        .append("\">").append(escape(detail(runs))).append("</error>\n  </testcase>\n");
            } else if (t.runs() == 0) {
                skipped++;
                cases.append(">\n    <skipped message=\"not run\"/>\n  </testcase>\n");
            } else {
                cases.append("/>\n");
            }
        }
        StringBuilder xml = new StringBuilder(cases.length() + 256)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"").append(suite)
                .append("\" tests=\"").append(data.matrix().cells().size()).append("\" failures=\"").append(failures)
                .append("\" errors=\"").append(errors).append("\" skipped=\"").append(skipped)
                .append("\" time=\"").append(Decimal.fixed(total, 3)).append("\">\n");
        if (!outcomes.rows().isEmpty()) {
            xml.append("  <properties>\n");
            for (Outcomes.Row o : outcomes.rows()) {
                xml.append("    <property name=\"").append(escape("outcome: " + o.outcome())).append("\" value=\"")
                        .append(escape(Count.of(o.runs(), "run") + " in " + Count.of(o.cells(), "cell") + "; " + o.where()))
                        .append("\"/>\n");
            }
            xml.append("  </properties>\n");
        }
        xml.append(cases).append("</testsuite>\n");
        Path file = dir.resolve("junit.xml");
        AtomicFiles.write(file, xml.toString().getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** One line per run that was not clean: "run 2: corrupt: 3 corrupt words in 1 iteration". */
    private static String detail(List<RunSummary> runs) {
        StringBuilder s = new StringBuilder();
        for (RunSummary r : runs) {
            if (r.status() != RunStatus.CLEAN) {
                s.append("run ").append(r.run()).append(": ").append(r.status().label())
                        .append(r.message() == null ? "" : ": " + r.message()).append('\n');
            }
        }
        return s.toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
