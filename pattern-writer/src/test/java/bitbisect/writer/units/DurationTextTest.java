package bitbisect.writer.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({"30m, 1800000", "90s, 90000", "1h30m, 5400000", "500ms, 500", "2.5, 2500", "1d, 86400000", "0, 0"})
    void parses(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), DurationText.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "10 minutes", "5x", "1h-3m"})
    void refuses(String text) {
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999h", "36526d", "3155760001"})
    void refusesMoreThanAHundredYearsAsATypo(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(text));
        assertEquals("'" + text + "' is longer than 100 years: a typo?", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"36525d, 36525", "3155760000, 36525"})
    void takesAHundredYears(String text, long days) {
        assertEquals(Duration.ofDays(days), DurationText.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"5400000, 1h30m", "90000, 1m30s", "250, 250ms", "60000, 1m", "0, 0ms"})
    void formats(long millis, String text) {
        assertEquals(text, DurationText.format(Duration.ofMillis(millis)));
    }
}
