package bitbisect.writer.verify;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Compares a block read back with the block expected and reports every word that differs.
 * Whole-buffer {@link ByteBuffer#mismatch} runs at memory speed; words are only walked where a
 * mismatch was found, so a clean block costs one vectorised compare.
 */
public final class BlockComparator {

    private BlockComparator() {
    }

    /**
     * Reports each differing word of {@code actual} (position 0 to its limit, a multiple of 8
     * bytes) against {@code expected} (same length) and returns how many there were.
     *
     * @param fileOffset file offset of byte 0 of the block
     */
    public static long compare(ByteBuffer expected, ByteBuffer actual, long fileOffset, Consumer<CorruptWord> sink) {
        int length = actual.limit();
        if (expected.limit() < length || (length & 7) != 0) {
            throw new IllegalArgumentException("blocks of " + expected.limit() + " and " + length + " bytes");
        }
        ByteBuffer exp = expected.duplicate().order(ByteOrder.LITTLE_ENDIAN).limit(length);
        ByteBuffer act = actual.duplicate().order(ByteOrder.LITTLE_ENDIAN).limit(length);
        long found = 0;
        int from = 0;
        while (from < length) {
            exp.position(from);
            act.position(from);
            int m = exp.mismatch(act);
            if (m < 0) {
                break;
            }
            int word = (from + m) & ~7;
            sink.accept(new CorruptWord(fileOffset + word, exp.getLong(word), act.getLong(word)));
            found++;
            from = word + 8;
        }
        return found;
    }
}
