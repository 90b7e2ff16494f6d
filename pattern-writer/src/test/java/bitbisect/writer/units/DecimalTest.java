package bitbisect.writer.units;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class DecimalTest {

    @Test
    void oneDecimalRoundsHalfUpAsFormatDoes() {
        assertEquals("0.0", Decimal.oneDecimal(0));
        assertEquals("0.3", Decimal.oneDecimal(0.25));
        assertEquals("1.5", Decimal.oneDecimal(1.5));
        assertEquals("1024.0", Decimal.oneDecimal(1024));
        assertEquals("-1.3", Decimal.oneDecimal(-1.25));
        assertEquals("0.0", Decimal.oneDecimal(-0.04), "no minus sign on a value that rounds to zero");
        for (double x : new double[] {0.05, 0.15, 2.449, 9.95, 99.96, 123456.789, 1e9 / 3}) {
            assertEquals(String.format(Locale.ROOT, "%.1f", x), Decimal.oneDecimal(x), "x = " + x);
        }
    }
}
