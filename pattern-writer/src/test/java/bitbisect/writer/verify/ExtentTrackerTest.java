package bitbisect.writer.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bitbisect.writer.pattern.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** Every kind of corruption, made word by word the way a fault would leave it, is named exactly. */
class ExtentTrackerTest {

    private static final String FILE = "bitbisect-h1.nfs.buffered.1MiB.cached.default.tagged-r1.bin";
    private static final Pattern TAGGED = Pattern.parse("tagged").forFile(FILE).forIteration(5);
    private static final Pattern ALTERNATING = Pattern.parse("alternating");

    /** The extents of a 16 KiB read-back where {@code actual} gives each word's content as read. */
    private static List<Extent> extents(Pattern pattern, long iteration, LongUnaryOperator actual) {
        List<Extent> out = new ArrayList<>();
        ExtentTracker t = new ExtentTracker(pattern, iteration, 4, (e, first) -> out.add(e));
        for (long offset = 0; offset < 16384; offset += 8) {
            long want = pattern.word(offset / 8);
            long got = actual.applyAsLong(offset);
            if (got != want) {
                t.accept(new CorruptWord(offset, want, got));
            }
        }
        t.finish();
        return out;
    }

    private static boolean in(long offset, long from, long to) {
        return offset >= from && offset < to;
    }

    @Test
    void theSeedsFlipsAreOneWordEach() {
        List<Extent> e = extents(ALTERNATING, 1, o -> o == 4096 || o == 8192 ? 0xffffffff00000000L
                : ALTERNATING.word(o / 8));
        assertEquals(List.of(new Extent(4096, 8, 1, CorruptionKind.FLIP, null, null, null),
                new Extent(8192, 8, 1, CorruptionKind.FLIP, null, null, null)), e);
    }

    @Test
    void aZeroedPageIsOneExtentEvenWhenOnlyEveryOtherWordShowsIt() {
        List<Extent> e = extents(ALTERNATING, 1, o -> in(o, 4096, 8192) ? 0 : ALTERNATING.word(o / 8));
        assertEquals(List.of(new Extent(4096, 4088, 256, CorruptionKind.ZEROS, null, null, null)), e);
        List<Extent> tagged = extents(TAGGED, 5, o -> in(o, 4096, 8192) ? 0 : TAGGED.word(o / 8));
        assertEquals(List.of(new Extent(4096, 4096, 512, CorruptionKind.ZEROS, null, null, null)), tagged);
    }

    @Test
    void aOneFilledRange() {
        assertEquals(List.of(new Extent(0, 1024, 128, CorruptionKind.ONES, null, null, null)),
                extents(TAGGED, 5, o -> in(o, 0, 1024) ? -1L : TAGGED.word(o / 8)));
    }

    @Test
    void oldContentFromASectorInsideAPageIsATornWrite() {
        // the first 3 sectors of the page at 8 KiB landed, the rest of it is still a hole
        List<Extent> holes = extents(ALTERNATING, 1, o -> in(o, 8192 + 1536, 12288) ? 0 : ALTERNATING.word(o / 8));
        assertEquals(CorruptionKind.TORN, holes.get(0).kind());
        assertEquals(8192 + 1536, holes.get(0).offset());
        // the same with the tagged pattern, over the words of iteration 4
        Pattern before = TAGGED.forIteration(4);
        List<Extent> stale = extents(TAGGED, 5, o -> in(o, 8192 + 1536, 12288) ? before.word(o / 8) : TAGGED.word(o / 8));
        assertEquals(List.of(new Extent(8192 + 1536, 2560, 320, CorruptionKind.TORN, 8192L + 1536, 4L, null)), stale);
    }

    @Test
    void aLostPageShowsTheWordsOfTheIterationBefore() {
        Pattern before = TAGGED.forIteration(3);
        assertEquals(List.of(new Extent(4096, 4096, 512, CorruptionKind.STALE, 4096L, 3L, null)),
                extents(TAGGED, 5, o -> in(o, 4096, 8192) ? before.word(o / 8) : TAGGED.word(o / 8)));
    }

    @Test
    void aPageWrittenAtTheWrongOffsetNamesWhereItBelongs() {
        // the page meant for 12 KiB landed at 4 KiB
        assertEquals(List.of(new Extent(4096, 4096, 512, CorruptionKind.MISDIRECTED, 12288L, 5L, null)),
                extents(TAGGED, 5, o -> in(o, 4096, 8192) ? TAGGED.word((o + 8192) / 8) : TAGGED.word(o / 8)));
    }

    @Test
    void anotherFilesPageNamesThatFilesTag() {
        String other = "bitbisect-h2.nfs.buffered.1MiB.cached.default.tagged-r1.bin";
        Pattern foreign = Pattern.parse("tagged").forFile(other).forIteration(2);
        assertEquals(List.of(new Extent(0, 4096, 512, CorruptionKind.FOREIGN, 0L, 2L, Pattern.Tagged.tagOf(other))),
                extents(TAGGED, 5, o -> in(o, 0, 4096) ? foreign.word(o / 8) : TAGGED.word(o / 8)));
    }

    @Test
    void neighbouringContentsAreExtentsOfTheirOwnAndInterleavedOnesAMix() {
        Pattern before = TAGGED.forIteration(4);
        // the boundary off any sector: at a sector inside the page both halves would be torn writes
        List<Extent> split = extents(TAGGED, 5, o -> in(o, 4096, 6152) ? 0 : in(o, 6152, 8192) ? before.word(o / 8)
                : TAGGED.word(o / 8));
        assertEquals(List.of(new Extent(4096, 2056, 257, CorruptionKind.ZEROS, null, null, null),
                new Extent(6152, 2040, 255, CorruptionKind.STALE, 6152L, 4L, null)), split);
        List<Extent> mixed = extents(TAGGED, 5, o -> in(o, 4096, 4160) ? (o % 16 == 0 ? 0 : before.word(o / 8))
                : TAGGED.word(o / 8));
        assertEquals(List.of(new Extent(4096, 64, 8, CorruptionKind.OTHER, null, null, null)), mixed);
        List<Extent> flips = extents(TAGGED, 5, o -> o == 800 ? TAGGED.word(100) ^ 0x10 : o == 808
                ? TAGGED.word(101) ^ (1L << 40) : TAGGED.word(o / 8));
        assertEquals(List.of(new Extent(800, 16, 2, CorruptionKind.FLIP, null, null, null)), flips);
    }
}
