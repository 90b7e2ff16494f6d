package bitbisect.writer.verify;

import bitbisect.writer.pattern.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the corrupt words of one read-back, in file order, into {@link Extent}s and names each
 * one's kind. Words belong to one extent while at most one good word lies between two of them
 * (with {@code alternating}, a zeroed range corrupts only every other word: the all-ones ones)
 * and, once two words agree on what they are, while the next one is the same content.
 *
 * <p>The kind is decided when the extent closes, from what every word had in common: all zero,
 * all ones, or (with {@code tagged}) one origin for all of them, the same file, iteration and
 * distance from where they belong. Old content (zeros or an earlier iteration) starting or
 * ending within one word of a 512-byte boundary that is not a 4 KiB boundary is {@code TORN}.
 */
public final class ExtentTracker {

    /** Receives each extent with its first words (up to the buffer size given) and the number of words in it. */
    public interface Sink {
        void extent(Extent extent, List<CorruptWord> firstWords);
    }

    private static final int SECTOR = 512;
    private static final int PAGE = 4096;

    private final Pattern pattern;
    private final long iteration;
    private final int buffer;
    private final Sink sink;

    private final List<CorruptWord> words = new ArrayList<>();
    private long start = -1;
    private long last;
    private long count;
    private long zeros;
    private long ones;
    private long continued;
    private Pattern.Origin origin;
    private long delta;
    private boolean oneOrigin;
    private Pattern.Origin previousOrigin;
    private long previousDelta;

    /**
     * @param pattern   the pattern as written in this iteration and file
     * @param iteration the iteration being verified
     * @param buffer    how many of each extent's first words to hand to the sink
     */
    public ExtentTracker(Pattern pattern, long iteration, int buffer, Sink sink) {
        this.pattern = pattern;
        this.iteration = iteration;
        this.buffer = buffer;
        this.sink = sink;
    }

    public void accept(CorruptWord w) {
        Pattern.Origin o = pattern.origin(w.actual());
        long d = o == null ? 0 : o.wordIndex() - w.offset() / 8;
        if (start >= 0 && (w.offset() > last + 16 || endsContent(w, o, d))) {
            close();
        }
        if (start < 0) {
            start = w.offset();
            origin = o;
            delta = d;
            oneOrigin = o != null;
        } else {
            oneOrigin &= sameOrigin(o, d, origin, delta);
            if (sameOrigin(o, d, previousOrigin, previousDelta) && w.offset() == last + 8) {
                continued++;
            }
        }
        previousOrigin = o;
        previousDelta = d;
        last = w.offset();
        count++;
        zeros += w.actual() == 0 ? 1 : 0;
        ones += w.actual() == -1L ? 1 : 0;
        if (words.size() < buffer) {
            words.add(w);
        }
    }

    /**
     * Whether {@code w} is not the content the extent has held so far: a zeroed page next to a
     * misplaced one are two extents, not one mix.
     */
    private boolean endsContent(CorruptWord w, Pattern.Origin o, long d) {
        if (count < 2) {
            return false;
        }
        boolean zerosSoFar = zeros == count;
        boolean onesSoFar = ones == count;
        if (!zerosSoFar && !onesSoFar && !oneOrigin) {
            return false;
        }
        return !(zerosSoFar && w.actual() == 0) && !(onesSoFar && w.actual() == -1L)
                && !(oneOrigin && sameOrigin(o, d, origin, delta));
    }

    /** Closes the last extent; call once after the last word of the read-back. */
    public void finish() {
        if (start >= 0) {
            close();
        }
    }

    private static boolean sameOrigin(Pattern.Origin o, long d, Pattern.Origin other, long otherDelta) {
        return o != null && other != null && o.tag() == other.tag() && o.iteration() == other.iteration()
                && d == otherDelta;
    }

    private void close() {
        long length = last + 8 - start;
        CorruptionKind kind;
        Long sourceOffset = null;
        Long sourceIteration = null;
        Integer sourceTag = null;
        if (count < 2) {
            kind = CorruptionKind.FLIP;
        } else if (zeros == count) {
            kind = torn(length) ? CorruptionKind.TORN : CorruptionKind.ZEROS;
        } else if (ones == count) {
            kind = CorruptionKind.ONES;
        } else if (oneOrigin && origin.sameFile() && delta == 0 && origin.iteration() < iteration) {
            kind = torn(length) ? CorruptionKind.TORN : CorruptionKind.STALE;
            sourceOffset = start;
            sourceIteration = origin.iteration();
        } else if (oneOrigin && origin.sameFile() && delta != 0) {
            kind = CorruptionKind.MISDIRECTED;
            sourceOffset = origin.wordIndex() * 8;
            sourceIteration = origin.iteration();
        } else if (oneOrigin && !origin.sameFile()) {
            kind = CorruptionKind.FOREIGN;
            sourceOffset = origin.wordIndex() * 8;
            sourceIteration = origin.iteration();
            sourceTag = origin.tag();
        } else if (zeros >= 2 || ones >= 2 || continued >= 1) {
            kind = CorruptionKind.OTHER; // some recognisable content, but not one kind throughout
        } else {
            kind = CorruptionKind.FLIP;
        }
        sink.extent(new Extent(start, length, count, kind, sourceOffset, sourceIteration, sourceTag), List.copyOf(words));
        words.clear();
        start = -1;
        count = 0;
        zeros = 0;
        ones = 0;
        continued = 0;
        previousOrigin = null;
    }

    /** Old content whose edge is at a sector boundary inside a page (or one word short of it). */
    private boolean torn(long length) {
        long end = start + length;
        return insidePage(start) || insidePage(end) || insidePage(end + 8);
    }

    private static boolean insidePage(long offset) {
        return offset % SECTOR == 0 && offset % PAGE != 0;
    }
}
