package bitbisect.runner.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words the analysis puts on sync-mode sets, on an explanation, and on figures. */
class TextTest {

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
    void figuresKeepTwoDigitsAndNoExponentInTheRangePeopleRead() {
        assertEquals("0.098", Text.figure(0.09831));
        assertEquals("77", Text.figure(76.69));
        assertEquals("260", Text.figure(258.4));
        assertEquals("12,000", Text.figure(12_345));
        assertEquals("3.1e-05", Text.figure(3.14e-5));
        assertEquals("2.0e+07", Text.figure(2e7));
    }

    @Test
    void anExplanationWithoutConditionsIsSaidInWords() {
        Findings.Explanation everywhere = new Findings.Explanation("", List.of(), null, null, 1, List.of(), List.of(),
                0.475, 0.1, 0);
        assertEquals("everywhere (no condition)", Headline.describe(everywhere));
    }
}
