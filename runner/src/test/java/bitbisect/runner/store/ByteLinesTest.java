package bitbisect.runner.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteLinesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a\n", "\n", "\n\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\r\n\r\n", "\r\r\n\n",
        "a\n\rb", "{\"event\":\"end\"}\n"})
    void splitsWhereReadLineSplits(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(readLines(bytes), lines(new ByteArrayInputStream(bytes)), text.replace("\r", "\\r").replace("\n", "\\n"));
    }

    /** Lines across the buffer's end, lines longer than it, and a \r\n split between two reads of one byte each. */
    @Test
    void splitsAnyTextReadInAnyPiecesAsReadLineDoes() throws IOException {
        Random random = new Random(14);
        byte[] alphabet = "ab\n\r\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 300; round++) {
            int length = random.nextInt(round % 10 == 0 ? 300_000 : 2_000);
            byte[] text = new byte[length];
            for (int i = 0; i < length; i++) {
                // mostly long lines now and then, so that some outgrow the buffer
                text[i] = round % 3 == 0 && random.nextInt(100_000) != 0 ? (byte) 'x'
                        : alphabet[random.nextInt(alphabet.length)];
            }
            int piece = 1 + random.nextInt(round % 2 == 0 ? 3 : 100_000);
            assertEquals(readLines(text), lines(new Trickle(text, piece)), "round " + round);
        }
    }

    private static List<String> lines(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        ByteLines.forEach(in, (bytes, from, to) -> out.add(new String(bytes, from, to - from, StandardCharsets.UTF_8)));
        return out;
    }

    private static List<String> readLines(byte[] text) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(text),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(line);
            }
        }
        return out;
    }

    /** A stream that hands out at most {@code piece} bytes per read, as a pipe or a network filesystem may. */
    private static final class Trickle extends InputStream {
        private final byte[] text;
        private final int piece;
        private int at;

        Trickle(byte[] text, int piece) {
            this.text = text;
            this.piece = piece;
        }

        @Override
        public int read() {
            return at < text.length ? text[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at == text.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, piece), text.length - at);
            System.arraycopy(text, at, b, off, n);
            at += n;
            return n;
        }
    }
}
