package bitbisect.writer.units;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte count as people write it on a command line or in a matrix: {@code 64MiB}, {@code 4k},
 * {@code 1G}, {@code 4096}. Units are binary (K = KiB = 1024), as in dd and fio. Decimal units
 * such as {@code MB} are refused rather than guessed at, because a wrong guess would silently
 * change the file size.
 */
public record ByteSize(long bytes) {

    private static final Pattern SYNTAX =
            Pattern.compile("\\s*(\\d+)\\s*(b|k|kib|m|mib|g|gib|t|tib)?\\s*", Pattern.CASE_INSENSITIVE);
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes);
        }
    }

    public static ByteSize of(long bytes) {
        return new ByteSize(bytes);
    }

    /** Parses {@code text}, or throws IllegalArgumentException whose message says what to write instead. */
    public static ByteSize parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            String hint = text.trim().toUpperCase(Locale.ROOT).matches("\\d+\\s*[KMGT]B")
                    ? " (decimal units are ambiguous: write KiB, MiB, GiB or a plain number of bytes)"
                    : " (write a number of bytes, or a number with KiB, MiB, GiB or TiB, e.g. 64MiB)";
            throw new IllegalArgumentException("'" + text + "' is not a size" + hint);
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        try {
            long number = Long.parseLong(m.group(1));
            if (number > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return new ByteSize(number << shift);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large for a size");
        }
    }

    /** The shortest exact spelling: 67108864 is "64MiB", 1000 stays "1000". Parses back to itself. */
    @Override
    public String toString() {
        if (bytes == 0) {
            return "0";
        }
        int unit = -1;
        long value = bytes;
        while (unit + 1 < UNITS.length && (value & 1023) == 0) {
            value >>= 10;
            unit++;
        }
        return unit < 0 ? Long.toString(value) : value + UNITS[unit];
    }

    /** Approximate human spelling for progress lines, e.g. "1.5 GiB". */
    public static String approximate(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (bytes >= 1024 && unit < units.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return unit == 0 ? Math.round(bytes) + " B" : Decimal.oneDecimal(bytes) + " " + units[unit];
    }
}
