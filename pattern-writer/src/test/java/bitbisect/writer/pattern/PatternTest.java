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
        assertEquals("unknown pattern 'ones' (use one of alternating, inverse, offset, random:SEED)", e.getMessage());
    }
}
