package bitbisect.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words the report puts on sync-mode sets, and the Markdown marks its HTML renders. */
class TextAndDocTest {

    private static final Design.Axis SYNC = new Design.Axis("sync",
            List.of("buffered", "fsync", "osync", "odsync", "direct"), null);

    private static String meaning(int... values) {
        BitSet set = new BitSet();
        for (int v : values) {
            set.set(v);
        }
        return Text.meaning(SYNC, set);
    }

    @Test
    void eachSyncedModeIsNamedForWhatItIs() {
        assertEquals("writes opened with O_DSYNC", meaning(3));
        assertEquals("writes opened with O_SYNC", meaning(2));
        assertEquals("writes opened with O_SYNC or O_DSYNC", meaning(2, 3));
        assertEquals("writes left in the page cache until close", meaning(0));
    }

    @Test
    void theHeadlinesStrongMarksBecomeStrongTextAndCodeStaysCode() {
        assertEquals("<strong>Corruption only where <code>kernel=5.1</code></strong> &amp; <code>a**b</code>",
                Doc.inline("**Corruption only where `kernel=5.1`** & `a**b`"));
    }

    @Test
    void theContentsLinkEverySectionByTheAnchorGitHubWouldGiveIt() {
        Doc doc = new Doc().heading(1, "report").contents().heading(2, "The matrix").heading(2, "Store problems (2)")
                .heading(3, "Corrupt cells");
        assertEquals("# report\n\n- [The matrix](#the-matrix)\n- [Store problems (2)](#store-problems-2)\n\n"
                + "## The matrix\n\n## Store problems (2)\n\n### Corrupt cells\n\n", doc.markdown());
        String html = doc.html("t");
        org.junit.jupiter.api.Assertions.assertTrue(html.contains("<li><a href=\"#store-problems-2\">Store problems (2)</a></li>")
                && html.contains("<h2 id=\"store-problems-2\">"), html);
    }

    @Test
    void aCommandForPeopleQuotesOnlyWhatNeedsIt() {
        assertEquals("java -jar ~/.cache/bitbisect/w.jar run --path '/mnt/a b/it'\\''s' --size 64MiB",
                bitbisect.runner.execute.ShellQuote.readable(List.of("java", "-jar", "~/.cache/bitbisect/w.jar", "run",
                        "--path", "/mnt/a b/it's", "--size", "64MiB")));
    }

    @Test
    void anExplanationWithoutConditionsIsSaidInWords() {
        Findings.Explanation everywhere = new Findings.Explanation("", List.of(), null, null, 1, List.of(), List.of(),
                0.475, 0.1, 0);
        assertEquals("everywhere (no condition)", Headline.describe(everywhere));
    }
}
