package bitbisect.runner.execute;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Hands every line of a stream to a consumer as it arrives, on a thread of its own. stdout and
 * stderr each get one, so neither can fill its pipe and block the other. A line longer than
 * {@link #MAX_LINE} characters is handed on as its first {@code MAX_LINE} characters and the
 * rest is read and dropped: a host that prints a line of 200 MB costs a megabyte, not the
 * coordinator's heap.
 */
public final class LinePump {

    /** The longest line handed on whole; a longer one arrives cut to exactly this length. */
    public static final int MAX_LINE = 1 << 20;

    private LinePump() {
    }

    static Thread start(InputStream stream, Consumer<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (Reader r = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                pump(r, lines);
            } catch (IOException e) {
                // The process or channel is gone; what arrived before has been handed on.
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Reads lines ended by \n (a \r before it is dropped) until the end; a last line without \n counts. */
    static void pump(Reader r, Consumer<String> lines) throws IOException {
        char[] buf = new char[8192];
        StringBuilder line = new StringBuilder();
        boolean any = false;
        int n;
        while ((n = r.read(buf)) > 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    append(line, buf, from, i);
                    lines.accept(ended(line));
                    line.setLength(0);
                    any = false;
                    from = i + 1;
                }
            }
            append(line, buf, from, n);
            any |= from < n;
        }
        if (any) {
            lines.accept(ended(line));
        }
    }

    private static void append(StringBuilder line, char[] buf, int from, int to) {
        int room = MAX_LINE - line.length();
        if (room > 0) {
            line.append(buf, from, Math.min(room, to - from));
        }
    }

    private static String ended(StringBuilder line) {
        int end = line.length();
        if (end > 0 && end < MAX_LINE && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }
}
