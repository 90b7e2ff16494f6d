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
        permits Pattern.Alternating, Pattern.Inverse, Pattern.OffsetTagged, Pattern.SeededRandom {

    /** The spellings accepted by {@link #parse}, for help texts and error messages. */
    String NAMES = "alternating, inverse, offset, random:SEED";

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
}
