package bitbisect.writer.event;

import bitbisect.writer.verify.CorruptWord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Corruption lines read by a scanner of the one layout {@link EventJson} writes them in: a store
 * holds up to millions of them, and a JSON parser spends most of its time per line setting itself
 * up. Every other line, and any corruption line in another layout, is the mapper's to read.
 */
final class CorruptionLines {

    /** The layout's literals, as bytes. */
    private static final byte[] CORRUPTION = ascii("{\"event\":\"corruption\",\"iteration\":");
    private static final byte[] OFFSET = ascii(",\"offset\":");
    private static final byte[] EXPECTED = ascii(",\"expected\":\"");
    private static final byte[] ACTUAL = ascii(",\"actual\":\"");
    private static final byte[] MASK = ascii(",\"mask\":\"");
    private static final byte[] BYTES = ascii(",\"bytes\":[");
    private static final byte[] TIME_MS = ascii(",\"time_ms\":");

    private static byte[] ascii(String literal) {
        return literal.getBytes(StandardCharsets.US_ASCII);
    }

    private CorruptionLines() {
    }

    /**
     * A corruption line in the exact layout {@link EventJson#of(Event)} writes, read by a scanner: a store
     * holds up to millions of them, and a JSON parser spends most of its time per line setting
     * itself up. Anything else (other field order, unknown fields, escapes, spaces, words not
     * {@code 0x} and 16 lowercase hex digits) gives null and is the mapper's to read, so the
     * result never differs from the mapper's (EventJsonTest).
     */
    static Event.Corruption corruption(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        Scanned s = scan(bytes, 0, bytes.length, true);
        if (s == null) {
            return null;
        }
        // the words were 16 lowercase hex digits: written again, they are the text they were read from
        CorruptionWords w = s.words();
        return new Event.Corruption(w.iteration(), w.offset(), CorruptWord.hex(w.expected()),
                CorruptWord.hex(w.actual()), CorruptWord.hex(w.mask()), s.bytes(), w.timeMs());
    }

    /** The words of a corruption line held as UTF-8 bytes {@code [from, to)}; null when it is not in the writer's own layout. */
    static CorruptionWords words(byte[] line, int from, int to) {
        Scanned s = scan(line, from, to, false);
        return s == null ? null : s.words();
    }

    /** A scanned line: its words, and its bytes field when asked for and present (else null). */
    private record Scanned(CorruptionWords words, List<Integer> bytes) {
    }

    /**
     * A corruption line held as UTF-8 bytes {@code [from, to)}, or null when it is not in the
     * writer's own layout (see {@link #corruption(String)}). The bytes field is always checked.
     */
    private static Scanned scan(byte[] line, int from, int to, boolean keepBytes) {
        Scan s = new Scan(line, from, to);
        if (!s.take(CORRUPTION)) {
            return null;
        }
        long iteration = s.number();
        s.expect(OFFSET);
        long offset = s.number();
        s.expect(EXPECTED);
        long expected = s.word();
        s.expect(ACTUAL);
        long actual = s.word();
        s.expect(MASK);
        long mask = s.word();
        List<Integer> bytes = null;
        if (s.take(BYTES)) {
            bytes = keepBytes ? new ArrayList<>(8) : null;
            if (!s.take((byte) ']')) {
                do {
                    long b = s.number();
                    if (b > Integer.MAX_VALUE) {
                        return null;
                    }
                    if (bytes != null) {
                        bytes.add((int) b);
                    }
                } while (s.take((byte) ','));
                s.expect((byte) ']');
            }
        }
        s.expect(TIME_MS);
        long timeMs = s.number();
        s.expect((byte) '}');
        if (!s.ok() || !s.atEnd()) {
            return null;
        }
        return new Scanned(new CorruptionWords(iteration, offset, expected, actual, mask, timeMs), bytes);
    }

    /** A cursor over one line's bytes; any surprise marks it failed, and the caller gives the line to the mapper. */
    private static final class Scan {
        private final byte[] line;
        private final int end;
        private int at;
        private boolean ok = true;

        Scan(byte[] line, int from, int to) {
            this.line = line;
            this.at = from;
            this.end = to;
        }

        boolean take(byte[] literal) {
            if (!ok || end - at < literal.length) {
                return false;
            }
            for (int i = 0; i < literal.length; i++) {
                if (line[at + i] != literal[i]) {
                    return false;
                }
            }
            at += literal.length;
            return true;
        }

        boolean take(byte c) {
            if (ok && at < end && line[at] == c) {
                at++;
                return true;
            }
            return false;
        }

        void expect(byte[] literal) {
            ok = take(literal);
        }

        void expect(byte c) {
            ok = take(c);
        }

        /** A non-negative number of at most 18 digits (no sign, fraction, exponent or leading zero: those are the mapper's). */
        long number() {
            long n = 0;
            int from = at;
            while (ok && at < end && at - from < 18 && digit(line[at])) {
                n = n * 10 + (line[at++] - '0');
            }
            boolean more = at < end && (digit(line[at]) || line[at] == '.' || line[at] == 'e' || line[at] == 'E');
            boolean leadingZero = at - from > 1 && line[from] == '0';
            ok &= at > from && !more && !leadingZero;
            return n;
        }

        /** {@code 0x}, 16 lowercase hex digits and the closing quote: the writer's words (CorruptWord.hex). */
        long word() {
            ok &= end - at >= 19 && line[at] == '0' && line[at + 1] == 'x' && line[at + 18] == '"';
            long w = 0;
            for (int i = at + 2; ok && i < at + 18; i++) {
                int d = hex(line[i]);
                ok = d >= 0;
                w = w << 4 | d;
            }
            at += 19;
            return w;
        }

        boolean ok() {
            return ok;
        }

        boolean atEnd() {
            return at == end;
        }

        /** JSON's digits are ASCII only (Character.isDigit also takes other scripts' digits). */
        private static boolean digit(byte c) {
            return c >= '0' && c <= '9';
        }

        private static int hex(byte c) {
            return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        }
    }
}
