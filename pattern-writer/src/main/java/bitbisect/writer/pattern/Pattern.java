package bitbisect.writer.pattern;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * The known content of a test file. Word {@code i} is the 8 bytes at file offset {@code 8*i},
 * stored little-endian, so bit b of a word is bit b of the little-endian read of those bytes and
 * byte 0 holds bits 0-7.
 *
 * <p>Example, {@code alternating}: offsets 0-7 hold {@code ff ff ff ff ff ff ff ff}, offsets
 * 8-15 hold {@code 00 00 00 00 00 00 00 00}, and so on. A corrupt word that reads back as
 * {@code 0xffffffff00000000} has lost its first 32 bits in file order (bytes 0-3).
 *
 * <p>Patterns that depend on the iteration ({@code offset}, {@code random:SEED}) change every
 * iteration so that a stale block left over from an earlier iteration is caught; a host that
 * verifies another host's file passes the same iteration number.
 */
public sealed interface Pattern
        permits Pattern.Alternating, Pattern.Inverse, Pattern.OffsetTagged, Pattern.SeededRandom, Pattern.Tagged {

    /** The spellings accepted by {@link #parse}, for help texts and error messages. */
    String NAMES = "alternating, inverse, offset, random:SEED, tagged";

    /** The expected value of word {@code index}. */
    long word(long index);

    /** This pattern as it is written in the given iteration. */
    Pattern forIteration(long iteration);

    /** The spelling that {@link #parse} accepts. */
    String spec();

    /**
     * The number of words after which the pattern repeats, or 0 when it never does. A block
     * whose word count is a multiple of it has the same bytes wherever it starts, so one
     * filled buffer serves every block.
     */
    default int periodWords() {
        return 0;
    }

    /** Fills {@code block} from position 0 to its limit with words {@code firstWord, firstWord+1, ...}. */
    default void fill(ByteBuffer block, long firstWord) {
        LongBuffer words = block.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear().limit(block.limit()).asLongBuffer();
        int count = words.limit();
        for (int i = 0; i < count; i++) {
            words.put(i, word(firstWord + i));
        }
    }

    /**
     * This pattern as written into the file named {@code fileName}: the same for every pattern
     * but {@code tagged}, whose words name their file.
     */
    default Pattern forFile(String fileName) {
        return this;
    }

    /**
     * Where a word read back came from, when the pattern can tell: the file (by its tag), the
     * iteration and the word index it was written for. Null when the pattern cannot tell, or the
     * word is none it writes.
     */
    default Origin origin(long actual) {
        return null;
    }

    /**
     * What a word of a {@code tagged} pattern says of itself.
     *
     * @param tag       the tag of the file it was written for ({@link Tagged#tagOf})
     * @param sameFile  whether that is the file being verified
     * @param iteration the iteration it was written in (the latest one up to the current with the
     *                  13 bits the word keeps)
     * @param wordIndex the word index it was written at (its byte offset / 8)
     */
    record Origin(int tag, boolean sameFile, long iteration, long wordIndex) {
    }

    /** Parses a pattern name, or throws IllegalArgumentException naming the accepted ones. */
    static Pattern parse(String spec) {
        String s = spec.trim();
        switch (s) {
            case "alternating":
                return new Alternating();
            case "inverse":
                return new Inverse();
            case "offset":
                return new OffsetTagged(1);
            case "tagged":
                return new Tagged(0, 1);
            default:
                break;
        }
        if (s.startsWith("random:")) {
            String seed = s.substring("random:".length());
            try {
                return new SeededRandom(Long.parseLong(seed), 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + spec + "': the seed must be a whole number, e.g. random:42");
            }
        }
        throw new IllegalArgumentException("unknown pattern '" + spec + "' (use one of " + NAMES + ")");
    }

    /** Even words all ones, odd words all zeros: the pattern of the field case. */
    record Alternating() implements Pattern {
        @Override
        public long word(long index) {
            return (index & 1) == 0 ? -1L : 0L;
        }

        @Override
        public Pattern forIteration(long iteration) {
            return this;
        }

        @Override
        public String spec() {
            return "alternating";
        }

        @Override
        public int periodWords() {
            return 2;
        }
    }

    /** Even words all zeros, odd words all ones: tells a flip towards one from a flip towards zero. */
    record Inverse() implements Pattern {
        @Override
        public long word(long index) {
            return (index & 1) == 0 ? 0L : -1L;
        }

        @Override
        public Pattern forIteration(long iteration) {
            return this;
        }

        @Override
        public String spec() {
            return "inverse";
        }

        @Override
        public int periodWords() {
            return 2;
        }
    }

    /**
     * Each word is its own byte offset XOR a per-iteration salt, so {@code actual ^ salt} of a
     * misplaced word names the offset it came from, and a stale block from another iteration
     * cannot pass.
     */
    record OffsetTagged(long iteration) implements Pattern {
        public long salt() {
            return Mix.mix64(0x6f66667365740000L ^ iteration);
        }

        @Override
        public long word(long index) {
            return (index << 3) ^ salt();
        }

        @Override
        public void fill(ByteBuffer block, long firstWord) {
            // Same words as word(), with the salt computed once per block.
            LongBuffer words = block.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear().limit(block.limit()).asLongBuffer();
            long salt = salt();
            int count = words.limit();
            for (int i = 0; i < count; i++) {
                words.put(i, ((firstWord + i) << 3) ^ salt);
            }
        }

        @Override
        public Pattern forIteration(long iteration) {
            return new OffsetTagged(iteration);
        }

        @Override
        public String spec() {
            return "offset";
        }
    }

    /** Words from a counter-based generator, so any block can be produced on its own. */
    record SeededRandom(long seed, long iteration) implements Pattern {
        @Override
        public long word(long index) {
            return Mix.mix64(streamKey() + index * Mix.GOLDEN_GAMMA);
        }

        private long streamKey() {
            return Mix.mix64(seed) ^ Mix.mix64(iteration * Mix.GOLDEN_GAMMA + 0x72616e646f6dL);
        }

        @Override
        public void fill(ByteBuffer block, long firstWord) {
            LongBuffer words = block.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear().limit(block.limit()).asLongBuffer();
            long state = streamKey() + firstWord * Mix.GOLDEN_GAMMA;
            int count = words.limit();
            for (int i = 0; i < count; i++) {
                words.put(i, Mix.mix64(state));
                state += Mix.GOLDEN_GAMMA;
            }
        }

        @Override
        public Pattern forIteration(long iteration) {
            return new SeededRandom(seed, iteration);
        }

        @Override
        public String spec() {
            return "random:" + seed;
        }
    }

    /**
     * Every word names its file, iteration and offset, so a wrong word can be decoded: word
     * {@code i} of iteration {@code k} of a file with tag {@code t} is
     * {@code (i | (k mod 8192) << 35 | t << 48) XOR SCRAMBLE}. The tag is 16 bits of the hash of
     * the file's name ({@link #tagOf}), which for bitbisect names the cell, the host and the run.
     * The XOR keeps all-zero and all-one words from being words of any small file. Files up to
     * 256 GiB (35 bits of word index).
     */
    record Tagged(int tag, long iteration) implements Pattern {

        static final long SCRAMBLE = 0xa54ff53a5f1d36f1L;
        static final int INDEX_BITS = 35;
        static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
        static final int ITERATION_BITS = 13;
        static final long ITERATION_MASK = (1L << ITERATION_BITS) - 1;

        /** The 16-bit tag of a file name: both halves of its String hash folded together. */
        public static int tagOf(String fileName) {
            int h = fileName.hashCode();
            return (h ^ (h >>> 16)) & 0xffff;
        }

        private long high() {
            return ((iteration & ITERATION_MASK) << INDEX_BITS) | ((long) tag << (INDEX_BITS + ITERATION_BITS));
        }

        @Override
        public long word(long index) {
            return ((index & INDEX_MASK) | high()) ^ SCRAMBLE;
        }

        @Override
        public void fill(ByteBuffer block, long firstWord) {
            LongBuffer words = block.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear().limit(block.limit()).asLongBuffer();
            long high = high();
            int count = words.limit();
            for (int i = 0; i < count; i++) {
                words.put(i, (((firstWord + i) & INDEX_MASK) | high) ^ SCRAMBLE);
            }
        }

        @Override
        public Origin origin(long actual) {
            long w = actual ^ SCRAMBLE;
            int wordTag = (int) (w >>> (INDEX_BITS + ITERATION_BITS));
            long residue = (w >>> INDEX_BITS) & ITERATION_MASK;
            // the latest iteration up to this one that leaves this residue
            long written = iteration - ((iteration - residue) & ITERATION_MASK);
            return new Origin(wordTag, wordTag == tag, written, w & INDEX_MASK);
        }

        @Override
        public Pattern forIteration(long iteration) {
            return new Tagged(tag, iteration);
        }

        @Override
        public Pattern forFile(String fileName) {
            return new Tagged(tagOf(fileName), iteration);
        }

        @Override
        public String spec() {
            return "tagged";
        }
    }
}
