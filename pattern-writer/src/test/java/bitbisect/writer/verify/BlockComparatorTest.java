package bitbisect.writer.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockComparatorTest {

    private static ByteBuffer words(long... values) {
        ByteBuffer b = ByteBuffer.allocateDirect(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.flip();
    }

    @Test
    void equalBlocksReportNothing() {
        List<CorruptWord> found = new ArrayList<>();
        assertEquals(0, BlockComparator.compare(words(-1, 0, -1, 0), words(-1, 0, -1, 0), 0, found::add));
        assertEquals(List.of(), found);
    }

    @Test
    void reportsEveryDifferingWordWithItsFileOffset() {
        List<CorruptWord> found = new ArrayList<>();
        long n = BlockComparator.compare(words(-1, 0, -1, 0, -1), words(0xffffffff00000000L, 0, -1, 1, 0), 8192,
                found::add);

        assertEquals(3, n);
        assertEquals(List.of(
                new CorruptWord(8192, -1, 0xffffffff00000000L),
                new CorruptWord(8192 + 24, 0, 1),
                new CorruptWord(8192 + 32, -1, 0)), found);
    }

    @Test
    void aDifferenceInTheLastByteOfAWordIsThatWord() {
        ByteBuffer actual = words(-1, 0);
        actual.put(15, (byte) 0x80);
        List<CorruptWord> found = new ArrayList<>();
        BlockComparator.compare(words(-1, 0), actual, 0, found::add);

        assertEquals(List.of(new CorruptWord(8, 0, 0x8000000000000000L)), found);
        assertEquals(List.of(7), found.get(0).bytes());
    }

    @Test
    void everyWordWrongIsEveryWordReported() {
        long[] expected = new long[1024];
        long[] actual = new long[1024];
        java.util.Arrays.fill(actual, 5);
        List<CorruptWord> found = new ArrayList<>();
        assertEquals(1024, BlockComparator.compare(words(expected), words(actual), 0, found::add));
        assertEquals(8 * 1023, found.get(1023).offset());
    }

    @Test
    void maskAndBytesOfTheFieldCase() {
        CorruptWord w = new CorruptWord(0, 0xffffffffffffffffL, 0xffffffff00000000L);
        assertEquals(0x00000000ffffffffL, w.mask());
        assertEquals(List.of(0, 1, 2, 3), w.bytes());
        assertEquals("0x00000000ffffffff", CorruptWord.hex(w.mask()));
    }
}
