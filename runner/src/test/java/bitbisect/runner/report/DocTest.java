package bitbisect.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Markdown marks the report's HTML renders, its contents, and commands for people. */
class DocTest {

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
                bitbisect.runner.probe.ShellQuote.readable(List.of("java", "-jar", "~/.cache/bitbisect/w.jar", "run",
                        "--path", "/mnt/a b/it's", "--size", "64MiB")));
    }
}
