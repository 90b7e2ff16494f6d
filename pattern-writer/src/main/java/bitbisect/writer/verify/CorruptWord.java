package bitbisect.writer.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One 64-bit word that came back different from what was written.
 *
 * <p>Example: the all-ones word at offset 4096 read back as {@code 0xffffffff00000000}
 * (bytes {@code 00 00 00 00 ff ff ff ff} in the file): {@code mask()} is
 * {@code 0x00000000ffffffff} and {@code bytes()} is {@code [0, 1, 2, 3]}, the first 32 bits in
 * file order.
 *
 * @param offset   byte offset of the word in the file (a multiple of 8)
 * @param expected the word as written, read little-endian
 * @param actual   the word as read back, read little-endian
 */
public record CorruptWord(long offset, long expected, long actual) {

    /** Bit b is set when bit b of the word differs. */
    public long mask() {
        return expected ^ actual;
    }

    /** Positions 0-7 (file order) of the bytes that differ. */
    public List<Integer> bytes() {
        long mask = mask();
        List<Integer> positions = new ArrayList<>(8);
        for (int b = 0; b < 8; b++) {
            if (((mask >>> (8 * b)) & 0xff) != 0) {
                positions.add(b);
            }
        }
        return positions;
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The {@code "0x" + 16 lowercase hex digits} form used in the event stream. */
    public static String hex(long word) {
        // by hand: String.format costs a run that prints a million words a second or more
        byte[] text = new byte[18];
        text[0] = '0';
        text[1] = 'x';
        for (int i = 17; i >= 2; i--, word >>>= 4) {
            text[i] = HEX_DIGITS[(int) word & 0xf];
        }
        return new String(text, StandardCharsets.US_ASCII);
    }
}
