package bitbisect.runner.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepData;
import bitbisect.runner.store.SweepRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitXmlTest {

    private static final String MATRIX = "name: j\nhosts: [{name: h, storage: {local: /tmp/x}}]\n"
            + "axes: {sync: [buffered], size: [1MiB, 2MiB, 4MiB, 8MiB], readback: [cached]}\n";

    @TempDir
    Path dir;

    private static String cell(String size) {
        return "h.local.buffered." + size + ".cached.default.alternating";
    }

    private static void run(ResultsStore store, String size, RunStatus status, long corruptWords, String message)
            throws Exception {
        store.beginAttempt(cell(size), 1);
        Files.writeString(store.runFiles(cell(size), 1).events(), bitbisect.runner.store.IterationLines.of(
                status == RunStatus.CLEAN || status == RunStatus.CORRUPT ? 4 : 0) + (corruptWords == 0 ? "" : String.join("\n",
                java.util.Collections.nCopies((int) corruptWords, "{\"event\":\"corruption\",\"iteration\":1,\"offset\":0,"
                        + "\"expected\":\"0xffffffffffffffff\",\"actual\":\"0xffffffff00000000\","
                        + "\"mask\":\"0x00000000ffffffff\"}")) + "\n"));
        boolean finished = status == RunStatus.CLEAN || status == RunStatus.CORRUPT;
        store.writeSummary(new RunSummary(cell(size), 1, 1, "h", status, finished ? 0 : null, finished ? 4 : 0,
                corruptWords > 0 ? 1 : 0, corruptWords, 0, 0, "2026-01-01T00:00:00Z", 2.5, List.of(), message, List.of(),
                null, null, null));
    }

    @Test
    void corruptCellsFailInconclusiveOnesAreErrorsCellsNotRunAreSkipped() throws Exception {
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            store.writeSweep(new SweepRecord("j-1", "j", "m.yaml", "0", 1, "2026-01-01T00:00:00Z", "v", "w",
                    List.of()), MATRIX);
            run(store, "1MiB", RunStatus.CLEAN, 0, null);
            run(store, "2MiB", RunStatus.CORRUPT, 2, "2 corrupt words in 1 iteration");
            run(store, "4MiB", RunStatus.HUNG, 0, "no output for 2m <&>");
        }

        SweepData data = SweepData.load(dir);
        Path file = JunitXml.write(data, dir, bitbisect.runner.report.ReportWriter.write(data, dir, "").outcomes());

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = xml.getDocumentElement();
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("1", suite.getAttribute("skipped"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(0, ((Element) cases.item(0)).getChildNodes().getLength(), "clean: passed");
        Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertEquals("2 corrupt words in 1 of 4 iterations", failure.getAttribute("message"));
        Element error = (Element) ((Element) cases.item(2)).getElementsByTagName("error").item(0);
        assertEquals("no run finished: 1 hung, 0 failed, 0 unreachable", error.getAttribute("message"));
        assertEquals("run 1: hung: no output for 2m <&>\n", error.getTextContent(), "escaped, and read back whole");
        assertEquals(1, ((Element) cases.item(3)).getElementsByTagName("skipped").getLength());
        Element outcome = (Element) suite.getElementsByTagName("property").item(0);
        assertEquals("outcome: hung", outcome.getAttribute("name"), "where the hang follows, for CI");
        assertTrue(outcome.getAttribute("value").startsWith("1 run in 1 cell; "), outcome.getAttribute("value"));
        assertEquals("2.500", ((Element) cases.item(0)).getAttribute("time"), "a cell's runs' seconds, to the ms");
        assertEquals("0.000", ((Element) cases.item(3)).getAttribute("time"));
        assertEquals("7.500", suite.getAttribute("time"));
    }
}
