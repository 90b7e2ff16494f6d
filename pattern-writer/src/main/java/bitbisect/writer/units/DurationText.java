package bitbisect.writer.units;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 30m}, {@code 90s}, {@code 1h30m}, {@code 500ms}, or a
 * plain number of seconds ({@code 2.5}).
 */
public final class DurationText {

    /**
     * The longest duration taken: anything longer is a typo, and a deadline of now plus more than
     * about 290 years no longer fits the JVM's nanosecond clock.
     */
    private static final Duration MAX = Duration.ofDays(36525);

    private static final Pattern PLAIN_SECONDS = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private DurationText() {
    }

    /** Parses {@code text}, or throws IllegalArgumentException whose message shows the accepted forms. */
    public static Duration parse(String text) {
        String t = text.trim();
        if (PLAIN_SECONDS.matcher(t).matches()) {
            return ofSeconds(text, Double.parseDouble(t));
        }
        Matcher m = PART.matcher(t);
        double seconds = 0;
        int end = 0;
        while (m.lookingAt()) {
            double value = Double.parseDouble(m.group(1));
            seconds += value * switch (m.group(2)) {
                case "ms" -> 0.001;
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                default -> 86400;
            };
            end = m.end();
            m.region(end, t.length());
        }
        if (end == 0 || end != t.length()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration (write e.g. 30m, 90s, 1h30m, 500ms or a number of seconds)");
        }
        return ofSeconds(text, seconds);
    }

    private static Duration ofSeconds(String text, double seconds) {
        if (seconds > MAX.toSeconds()) {
            throw new IllegalArgumentException("'" + text + "' is longer than 100 years: a typo?");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** Compact spelling for messages: "90s", "1h30m", "250ms". */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || out.length() == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }
}
