package bitbisect.writer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.writer.event.Event;
import bitbisect.writer.pattern.Pattern;
import bitbisect.writer.verify.CorruptionKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flips chosen bits in a written file between {@code write} and {@code verify} and checks that
 * every flipped word is reported with its exact offset, expected and actual word, mask and bytes.
 */
class CorruptionReportTest {

    private static final long SIZE = 3 * 4096;
    private static final long BLOCK = 4096;

    @TempDir
    Path dir;

    /** A flip to make: where, and which bits. */
    record Flip(long offset, long mask) {
    }

    // First word, last word of block 0 and first of block 1 (across the boundary), a word in the
    // middle, and the last word of the file.
    private static final List<Flip> FLIPS = List.of(
            new Flip(0, 0x00000000ffffffffL),
            new Flip(BLOCK - 8, 0x8000000000000001L),
            new Flip(BLOCK, 0xff00000000000000L),
            new Flip(BLOCK + 8 * 37, 0x0000000000010000L),
            new Flip(SIZE - 8, 0xffffffffffffffffL));

    @ParameterizedTest
    @ValueSource(strings = {"alternating", "inverse", "offset", "random:42", "tagged"})
    void everyFlippedWordIsReportedExactly(String patternName) throws Exception {
        Path file = dir.resolve("f.bin");
        String[] common = {"--path", file.toString(), "--size", Long.toString(SIZE), "--block", Long.toString(BLOCK),
            "--pattern", patternName, "--iteration", "7"};
        assertEquals(0, Writer.run(concat(new String[] {"write"}, common)).exit());
        for (Flip f : FLIPS) {
            Writer.flip(file, f.offset(), f.mask());
        }

        Writer verify = Writer.run(concat(new String[] {"verify"}, common));

        assertEquals(1, verify.exit(), verify.stderr());
        Pattern pattern = Pattern.parse(patternName).forFile("f.bin").forIteration(7);
        List<Event.Corruption> reported = verify.all(Event.Corruption.class);
        assertEquals(FLIPS.size(), reported.size(), verify.stdout());
        for (int i = 0; i < FLIPS.size(); i++) {
            Flip f = FLIPS.get(i);
            Event.Corruption c = reported.get(i);
            long expected = pattern.word(f.offset() / 8);
            assertEquals(7, c.iteration());
            assertEquals(f.offset(), c.offset());
            assertEquals(String.format("0x%016x", expected), c.expected());
            assertEquals(String.format("0x%016x", expected ^ f.mask()), c.actual());
            assertEquals(String.format("0x%016x", f.mask()), c.mask());
        }
        assertEquals(List.of(0, 1, 2, 3), reported.get(0).bytes());
        assertEquals(List.of(0, 7), reported.get(1).bytes());
        assertEquals(List.of(7), reported.get(2).bytes());
        assertEquals(List.of(2), reported.get(3).bytes());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), reported.get(4).bytes());
        Event.End end = verify.end();
        assertEquals(Event.Status.CORRUPT, end.status());
        assertEquals(FLIPS.size(), end.corruptWords());
        assertEquals(SIZE, end.bytesVerified());
        assertTrue(Files.exists(file), "verify leaves the file alone");
    }

    @Test
    void aStaleAZeroedAMisplacedAndATornPageAreEachOneExtentOfItsKind() throws Exception {
        Path file = dir.resolve("t.bin");
        String[] common = {"--path", file.toString(), "--size", "64KiB", "--block", "16KiB", "--pattern", "tagged",
            "--iteration", "7"};
        assertEquals(0, Writer.run(concat(new String[] {"write"}, common)).exit());
        Pattern now = Pattern.parse("tagged").forFile("t.bin").forIteration(7);
        Pattern before = now.forIteration(6);
        for (long w = 0; w < 512; w++) {
            long page1 = 4096 / 8 + w;
            long page3 = 3 * 4096 / 8 + w;
            long page5 = 5 * 4096 / 8 + w;
            Writer.flip(file, page1 * 8, now.word(page1) ^ before.word(page1)); // stale: iteration 6 still there
            Writer.flip(file, page3 * 8, now.word(page3)); // zeroed
            Writer.flip(file, page5 * 8, now.word(page5) ^ now.word(page5 + 1024)); // the page meant for 28 KiB
            if (w >= 1024 / 8) {
                long page7 = 7 * 4096 / 8 + w;
                Writer.flip(file, page7 * 8, now.word(page7) ^ before.word(page7)); // only 1 KiB of it landed
            }
        }

        Writer verify = Writer.run(concat(new String[] {"verify"}, common));

        assertEquals(1, verify.exit(), verify.stderr());
        assertEquals(List.of(
                new Event.Extent(7, 4096, 4096, 512, CorruptionKind.STALE, 4096L, 6L, null),
                new Event.Extent(7, 3 * 4096, 4096, 512, CorruptionKind.ZEROS, null, null, null),
                new Event.Extent(7, 5 * 4096, 4096, 512, CorruptionKind.MISDIRECTED, 7 * 4096L, 7L, null),
                new Event.Extent(7, 7 * 4096 + 1024, 3072, 384, CorruptionKind.TORN, 7 * 4096L + 1024, 6L, null)),
                verify.all(Event.Extent.class));
        // one word event per extent (its first word), the extent says the rest: nothing counted as not printed
        assertEquals(List.of(4096L, 3 * 4096L, 5 * 4096L, 7 * 4096L + 1024),
                verify.all(Event.Corruption.class).stream().map(Event.Corruption::offset).toList());
        assertEquals(512 * 3 + 384, verify.end().corruptWords());
        assertEquals(0, verify.end().eventsNotPrinted());
        assertTrue(verify.stderr().contains("(extents: 1 zeros, 1 stale, 1 torn, 1 misdirected)"), verify.stderr());
    }

    @Test
    void theFieldCaseSignatureReadsAsFirst32BitsOfAnAllOnesWord() {
        Path file = dir.resolve("field.bin");
        Writer.run("write", "--path", file.toString(), "--size", "64KiB");
        // The all-ones word at offset 4096 comes back with bytes 0-3 zero.
        Writer.flip(file, 4096, 0x00000000ffffffffL);

        Event.Corruption c = Writer.run("verify", "--path", file.toString(), "--size", "64KiB").only(Event.Corruption.class);

        assertEquals(4096, c.offset());
        assertEquals("0xffffffffffffffff", c.expected());
        assertEquals("0xffffffff00000000", c.actual());
        assertEquals("0x00000000ffffffff", c.mask());
        assertEquals(List.of(0, 1, 2, 3), c.bytes());
    }

    @Test
    void maxEventsCapsPrintedEventsButCountsEveryWord() {
        Path file = dir.resolve("many.bin");
        Writer.run("write", "--path", file.toString(), "--size", "64KiB");
        for (long offset = 0; offset < 50 * 8; offset += 8) {
            Writer.flip(file, offset, 1L << 40);
        }

        Writer verify = Writer.run("verify", "--path", file.toString(), "--size", "64KiB", "--max-events", "10");

        assertEquals(10, verify.all(Event.Corruption.class).size());
        assertEquals(50, verify.end().corruptWords());
        assertEquals(40, verify.end().eventsNotPrinted());
        assertEquals(50, verify.only(Event.Iteration.class).corruptWords());
    }

    @Test
    void aStaleFileFromAnotherIterationFailsTheOffsetPattern() {
        Path file = dir.resolve("stale.bin");
        Writer.run("write", "--path", file.toString(), "--size", "4KiB", "--pattern", "offset", "--iteration", "1");

        Writer verify = Writer.run("verify", "--path", file.toString(), "--size", "4KiB", "--pattern", "offset",
                "--iteration", "2");

        assertEquals(1, verify.exit());
        assertEquals(512, verify.end().corruptWords());
    }

    @Test
    void aShortFileIsASizeMismatchAndCorrupt() throws Exception {
        Path file = dir.resolve("short.bin");
        Writer.run("write", "--path", file.toString(), "--size", "64KiB");
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(40000);
        }

        Writer verify = Writer.run("verify", "--path", file.toString(), "--size", "64KiB");

        assertEquals(1, verify.exit());
        Event.SizeMismatch m = verify.only(Event.SizeMismatch.class);
        assertEquals(65536, m.expectedBytes());
        assertEquals(40000, m.actualBytes());
        assertEquals(0, verify.end().corruptWords(), "the bytes that are there are right");
        assertEquals(40000, verify.end().bytesVerified());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
