package bitbisect.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines as a host sends them: ended by \n or \r\n, the last perhaps unended, an endless one cut. */
class LinePumpTest {

    private static List<String> lines(String text) throws IOException {
        List<String> out = new ArrayList<>();
        LinePump.pump(new StringReader(text), out::add);
        return out;
    }

    @Test
    void linesAreEndedByNewlinesAndALastLineWithoutOneCounts() throws IOException {
        assertEquals(List.of("a", "", "b", "c"), lines("a\n\nb\r\nc"));
        assertEquals(List.of("a"), lines("a\n"));
        assertEquals(List.of(), lines(""));
    }

    @Test
    void aLineOverTheCapArrivesCutAndTheNextLineWhole() throws IOException {
        String huge = "y".repeat(3 * LinePump.MAX_LINE + 17);
        List<String> got = lines(huge + "\n{\"event\":\"end\"}\n");

        assertEquals(2, got.size());
        assertEquals(LinePump.MAX_LINE, got.get(0).length());
        assertEquals("{\"event\":\"end\"}", got.get(1));
    }
}
