package bitbisect.writer.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({"4096, 4096", "64MiB, 67108864", "64mib, 67108864", "4k, 4096", "4KiB, 4096", "1G, 1073741824",
        "2GiB, 2147483648", "1TiB, 1099511627776", "' 8 MiB ', 8388608", "512B, 512"})
    void parsesBinaryUnits(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text).bytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "-1", "1.5MiB", "64 megabytes", "9999999999999TiB"})
    void refusesWhatIsNotASize(String text) {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
    }

    @Test
    void refusesDecimalUnitsWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("64MB"));
        assertTrue(e.getMessage().contains("write KiB, MiB, GiB"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"67108864, 64MiB", "1000, 1000", "4096, 4KiB", "1536, 1536", "3221225472, 3GiB", "0, 0"})
    void printsTheShortestExactSpellingThatParsesBack(long bytes, String text) {
        assertEquals(text, ByteSize.of(bytes).toString());
        assertEquals(bytes, ByteSize.parse(text).bytes());
    }
}
