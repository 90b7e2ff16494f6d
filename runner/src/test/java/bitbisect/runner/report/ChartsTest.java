package bitbisect.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.report.SyntheticSweep.Run;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's pictures: round ticks, named axes, titles that fit, and a picture for every kind of sweep. */
class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void runStartTimesAreReadAsInstantParseReadsThem() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(1201);
        List<String> times = new ArrayList<>(List.of("2026-12-01T03:58:12Z", "2026-12-01T03:58:12.5Z",
                "2026-12-01T03:58:12.680724554Z", "1969-12-31T23:59:59.999Z", "2024-02-29T00:00:00.000001Z",
                "2016-12-31T23:59:60Z", "2026-12-01T24:00:00Z", "+12026-01-01T00:00:00Z", "2026-12-01T03:58:12.Z",
                "2026-02-30T00:00:00Z", "2026-12-01T03:58:1xZ", "2026-12-01 03:58:12Z", "2026-12-01T03:58:12,5Z",
                "2026-12-01T03:58:12.1234567890Z", "yesterday", ""));
        for (int i = 0; i < 2000; i++) { // Instant.toString of times from 1900 to 2100, to the nanosecond
            times.add(Instant.ofEpochSecond(random.nextLong(-2_208_988_800L, 4_102_444_800L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000)).toString());
        }
        int unreadable = 0;
        for (String t : times) {
            double expected;
            try {
                expected = Instant.parse(t).toEpochMilli() / 1000.0;
            } catch (java.time.format.DateTimeParseException e) {
                expected = Double.NaN;
                unreadable++;
            }
            assertEquals(expected, Timeline.epochSeconds(t), t);
        }
        assertEquals(7, unreadable, "the odd forms above that Instant.parse refuses");
    }

    @Test
    void axesStepByRoundNumbers() {
        assertEquals(new Svg.Scale(0.4, 0.1), Svg.Scale.of(0.33, Svg.Unit.SHARE));
        assertEquals(new Svg.Scale(50, 10), Svg.Scale.of(47, Svg.Unit.COUNT));
        assertEquals(new Svg.Scale(6, 2), Svg.Scale.of(6, Svg.Unit.COUNT));
        assertEquals(new Svg.Scale(3, 1), Svg.Scale.of(3, Svg.Unit.COUNT)); // no quarter of an event
        assertEquals(new Svg.Scale(1.25e6, 2.5e5), Svg.Scale.of(1.2e6, Svg.Unit.COUNT));
        assertEquals(new Svg.Scale(0.25, 0.05), Svg.Scale.of(0.25, Svg.Unit.SHARE));
        assertEquals(new Svg.Scale(1, 1), Svg.Scale.of(0, Svg.Unit.COUNT));
        assertEquals("10%", Svg.Unit.SHARE.format(0.1));
        assertEquals("2.5%", Svg.Unit.SHARE.format(0.025));
        assertEquals("1.5M", Svg.Unit.COUNT.format(1.5e6));
        assertEquals("12k", Svg.Unit.AMOUNT.format(12_000));
        assertEquals("0.25", Svg.Unit.AMOUNT.format(0.25));
    }

    @Test
    void aBarChartNamesItsAxesAndIsWideEnoughForItsTitle() {
        String title = "corrupt iterations per cell of kernel=5.1 AND sync in {buffered, fsync}";
        String svg = new Svg.Bars(title, "cell", "corrupt iterations", Svg.Unit.SHARE, List.of("a", "b"),
                new double[] {0.21, 0}, new double[] {0.13, 0}, new double[] {0.33, 0.06}, 1).svg();
        assertTrue(width(svg) >= Svg.titleWidth(title, 0), "title cut at width " + width(svg));
        assertTrue(svg.contains(">corrupt iterations</text>"), "y axis name");
        assertTrue(svg.contains(">cell</text>"), "x axis name");
        for (String tick : List.of("0%", "10%", "20%", "30%", "40%")) {
            assertTrue(svg.contains(">" + tick + "</text>"), tick);
        }
        assertTrue(!svg.contains("8.2%") && !svg.contains(">33%<"), "no tick at an odd value");
    }

    @Test
    void oneCorruptRunStaysVisibleAmongAThousandCleanOnes() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<RunSummary> runs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            runs.add(run("h1", i, RunStatus.CLEAN, t0.plusSeconds(i), 1));
            runs.add(run("h2", i, i == 500 ? RunStatus.CORRUPT : RunStatus.CLEAN, t0.plusSeconds(i), 1));
        }
        runs.add(run("h3", 1, RunStatus.HUNG, t0.plusSeconds(10), 60));
        String svg = Timeline.svg(List.of(runs));
        assertEquals(2, count(svg, "fill=\"" + Svg.CORRUPT + "\""), "one corrupt stretch, and its key");
        assertTrue(svg.contains("h2, 8.333 min-8.361 min: corrupt (c run 500)<"), svg.replaceAll("<rect", "\n<rect"));
        assertTrue(svg.contains(">minutes") || svg.contains("(minutes)"), "a 17-minute sweep is drawn in minutes");
        for (String key : List.of("clean runs", "corrupt runs", "hung runs")) {
            assertTrue(svg.contains(">" + key + "</text>"), key);
        }
        assertTrue(!svg.contains(">error runs<"), "no key for an ending no run had");
        // each lane is a few stretches, not a rectangle per run
        assertTrue(count(svg, "<rect") < 20, "rects: " + count(svg, "<rect"));
        assertNull(Timeline.svg(List.of(List.of(run("h1", 1, RunStatus.CLEAN, null, 1)))));
    }

    @Test
    void aCleanSweepHasPicturesAndACorruptOneShowsWhereInTheFile() throws Exception {
        Path clean = dir.resolve("clean-1");
        SyntheticSweep.write(clean, AttributionTest.FACTORIAL, cell -> List.of(Run.clean(20)));
        String html = Files.readString(ReportWriter.write(SweepData.load(clean), clean, "").html());
        // a bound per varied axis (host, model, kernel, sync, size, variant) and the time line
        assertEquals(7, count(html, "<svg"), "pictures in a clean report");
        assertTrue(html.contains("no corruption: at most this many corrupt words per GiB, by sync"));
        assertTrue(html.contains("fill=\"" + Svg.NEUTRAL + "\"") && !html.contains("fill=\"" + Svg.CORRUPT + "\""),
                "nothing red where nothing is corrupt");
        assertTrue(html.contains("id=\"over-time\"") && html.contains("class=\"legend\""));

        Path corrupt = dir.resolve("corrupt-1");
        SyntheticSweep.write(corrupt, AttributionTest.FACTORIAL, cell -> List.of(cell.get("kernel").equals("5.1")
                && cell.sync().equals("buffered") ? Run.corrupt(20, 5) : Run.clean(20)));
        html = Files.readString(ReportWriter.write(SweepData.load(corrupt), corrupt, "").html());
        assertTrue(html.contains("where in the file the stored corruption events sit"));
        // SyntheticSweep puts iteration i's event at i * 4 KiB plus a cell's own few bytes: the first 1/160 of 64 MiB
        assertTrue(html.contains("events at 0 MiB-0.4 MiB: 5</title>"), "offset bins of a 64 MiB cell");
        assertTrue(html.contains("The first corrupt run of each host"));
    }

    private static RunSummary run(String host, int number, RunStatus status, Instant start, double seconds) {
        return new RunSummary("c", number, 1, host, status, 0, 1, status == RunStatus.CORRUPT ? 1 : 0, 0, 0, 0,
                start == null ? null : start.toString(), seconds, List.of(), null, List.of(), null, null, null);
    }

    private static int width(String svg) {
        Matcher m = Pattern.compile("<svg[^>]* width=\"(\\d+)\"").matcher(svg);
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
