package bitbisect.writer.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers to a fixed count of decimals for messages ("1.5") and files. Written out by hand because the first
 * {@code String.format} of a process loads the Formatter and the locale data behind it, about
 * 10 ms of a short run, where these are the only numbers a quiet run prints.
 */
public final class Decimal {

    private Decimal() {
    }

    /**
     * {@code x} with {@code digits} decimals, the text {@code String.format(Locale.ROOT, "%.<digits>f", x)}
     * gives (rounded half up from {@code Double.toString(x)}, as its documentation says), without
     * a {@code Formatter}: 10,000 of those took a large sweep's junit.xml 0.1-0.3 s.
     */
    public static String fixed(double x, int digits) {
        if (!Double.isFinite(x) || x == 0 && 1 / x < 0) {
            return String.format(Locale.ROOT, "%." + digits + "f", x); // NaN, Infinity, -0.0: as Formatter spells them
        }
        return BigDecimal.valueOf(x).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }

    /** {@code x} rounded half up to one decimal: 0.25 -> "0.3", 1024 -> "1024.0", -1.25 -> "-1.3". */
    public static String oneDecimal(double x) {
        long tenths = Math.round(Math.abs(x) * 10);
        return (x < 0 && tenths > 0 ? "-" : "") + tenths / 10 + "." + tenths % 10;
    }
}
