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

    @Test
    void fixedGivesWhatFormatGives() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(1201);
        java.util.List<Double> xs = new java.util.ArrayList<>(java.util.List.of(0.0, -0.0, 0.0005, 0.0015, 0.0025,
                1.0005, 2.675, 1e-7, 123456.7895, 1e10, 1e21, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, -3.14159,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        for (int i = 0; i < 20_000; i++) {
            xs.add(random.nextInt(3) == 0 ? random.nextDouble() * 100 : Math.round(random.nextDouble() * 1e7) / 1e4);
        }
        for (int digits : new int[] {0, 1, 3, 6}) {
            for (double x : xs) {
                assertEquals(String.format(Locale.ROOT, "%." + digits + "f", x), Decimal.fixed(x, digits),
                        "x = " + x + ", digits " + digits);
            }
        }
    }
}
