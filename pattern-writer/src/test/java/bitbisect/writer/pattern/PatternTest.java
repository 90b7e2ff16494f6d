package bitbisect.writer.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatternTest {

    @Test
    void alternatingIsAllOnesThenAllZerosLittleEndian() {
        ByteBuffer block = ByteBuffer.allocate(32);
        Pattern.parse("alternating").fill(block, 0);

        byte[] expected = new byte[32];
        for (int i = 0; i < 8; i++) {
            expected[i] = (byte) 0xff;
            expected[16 + i] = (byte) 0xff;
        }
        assertEquals(ByteBuffer.wrap(expected), block.clear());
    }

    @Test
    void aTaggedWordNamesItsFileIterationAndOffset() {
        Pattern p = Pattern.parse("tagged").forFile("bitbisect-h1.nfs.buffered.1MiB-r1.bin").forIteration(7);
        int tag = Pattern.Tagged.tagOf("bitbisect-h1.nfs.buffered.1MiB-r1.bin");
        assertEquals(new Pattern.Origin(tag, true, 7, 512), p.origin(p.word(512)));
        // a word of iteration 6, and one of another file's iteration 7 at word 3
        assertEquals(new Pattern.Origin(tag, true, 6, 512), p.origin(p.forIteration(6).word(512)));
        Pattern other = Pattern.parse("tagged").forFile("bitbisect-h2.nfs.buffered.1MiB-r1.bin").forIteration(7);
        Pattern.Origin foreign = p.origin(other.word(3));
        assertEquals(3, foreign.wordIndex());
        assertEquals(false, foreign.sameFile());
        // the iteration keeps 13 bits: iteration 8200 reads a word of 8199 as 8199, not as 7
        Pattern late = p.forIteration(8200);
        assertEquals(8199, late.origin(p.forIteration(8199).word(0)).iteration());
        // fill() writes what word() says, and all-zero and all-one words are no word of a small file
        ByteBuffer block = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        p.fill(block, 100);
        for (int i = 0; i < 8; i++) {
            assertEquals(p.word(100 + i), block.getLong(8 * i));
        }
        assertNotEquals(0, p.origin(0).wordIndex() >>> 27, "zero decodes to a word past 1 GiB");
        assertNotEquals(0, p.origin(-1).wordIndex() >>> 27, "all ones decodes to a word past 1 GiB");
        assertEquals("tagged", p.spec());
    }

    @Test
    void inverseIsTheComplementOfAlternating() {
        Pattern a = Pattern.parse("alternating");
        Pattern i = Pattern.parse("inverse");
        for (long w = 0; w < 10; w++) {
            assertEquals(~a.word(w), i.word(w));
        }
    }

    @Test
    void offsetWordsNameTheirOwnOffsetUnderTheSalt() {
        Pattern.OffsetTagged p = (Pattern.OffsetTagged) Pattern.parse("offset").forIteration(5);
        assertEquals(4096, p.word(512) ^ p.salt());
        assertNotEquals(p.word(512), p.forIteration(6).word(512), "changes every iteration");
    }

    @Test
    void randomIsReproducibleFromItsSeedAndIteration() {
        Pattern a = Pattern.parse("random:42").forIteration(3);
        Pattern b = Pattern.parse("random:42").forIteration(3);
        assertEquals(a.word(1000), b.word(1000));
        assertNotEquals(a.word(1000), Pattern.parse("random:43").forIteration(3).word(1000));
        assertNotEquals(a.word(1000), a.forIteration(4).word(1000));
        assertEquals("random:42", a.spec());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alternating", "inverse", "offset", "random:7"})
    void fillWritesTheSameWordsAsWordAtAnyStart(String spec) {
        Pattern p = Pattern.parse(spec).forIteration(9);
        ByteBuffer block = ByteBuffer.allocateDirect(8 * 100);
        p.fill(block, 12345);
        ByteBuffer le = block.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 100; i++) {
            assertEquals(p.word(12345 + i), le.getLong(8 * i), "word " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"alternating", "inverse", "offset", "random:7"})
    void specParsesBackToTheSamePattern(String spec) {
        assertEquals(spec, Pattern.parse(spec).spec());
    }

    @Test
    void unknownNamesAreRefusedWithTheList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pattern.parse("ones"));
        assertEquals("unknown pattern 'ones' (use one of alternating, inverse, offset, random:SEED, tagged)", e.getMessage());
    }
}
