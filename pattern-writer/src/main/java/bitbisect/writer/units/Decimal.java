package bitbisect.writer.units;

/**
 * Numbers to one decimal for messages ("1.5"). Written out by hand because the first
 * {@code String.format} of a process loads the Formatter and the locale data behind it, about
 * 10 ms of a short run, where these are the only numbers a quiet run prints.
 */
public final class Decimal {

    private Decimal() {
    }

    /** {@code x} rounded half up to one decimal: 0.25 -> "0.3", 1024 -> "1024.0", -1.25 -> "-1.3". */
    public static String oneDecimal(double x) {
        long tenths = Math.round(Math.abs(x) * 10);
        return (x < 0 && tenths > 0 ? "-" : "") + tenths / 10 + "." + tenths % 10;
    }
}
