package bitbisect.writer.verify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What happened to an extent of corrupt words, as far as its content tells. Content kinds
 * (all but {@code FLIP} and {@code OTHER}) need at least two corrupt words: one wrong word is a
 * flip. {@code STALE}, {@code MISDIRECTED} and {@code FOREIGN} need a pattern whose words name
 * where they belong ({@code tagged}); with {@code alternating} a stale or misplaced block is
 * indistinguishable from the right one.
 */
public enum CorruptionKind {
    /** Bits changed in place: no word of the extent is any content the pattern recognises. */
    FLIP("bits changed in place"),
    /** Every word reads as zero: a zeroed range, or never written (a hole). */
    ZEROS("a zero-filled range"),
    /** Every word reads as all ones: a one-filled range. */
    ONES("a one-filled range"),
    /** This file's words of an earlier iteration, at their own offsets: a lost write or a stale page. */
    STALE("this offset's content from an earlier iteration (a lost write, a stale page)"),
    /** Old content (zeros or an earlier iteration) from a 512-byte boundary that is not a 4 KiB one. */
    TORN("old content from a sector boundary inside a page (a torn write)"),
    /** This file's words that belong at another offset. */
    MISDIRECTED("this file's words that belong at another offset (a misdirected write)"),
    /** Words of another file (another cell, host or run). */
    FOREIGN("another file's words"),
    /** Words of several of the above in one extent. */
    OTHER("a mix of the above"),
    /**
     * Bytes the file should hold and did not: it came back shorter than written (a lost write,
     * or its end lost). Never in the writer's extents (it reports a {@code size_mismatch}); the
     * reports name it beside the content kinds.
     */
    MISSING("bytes the file came back without (shorter than written: a lost write)");

    private final String meaning;

    CorruptionKind(String meaning) {
        this.meaning = meaning;
    }

    /**
     * Whether every word of an extent of this kind gets a {@code corruption} event (each says
     * something of its own); an extent of the other kinds gets one, for its first word.
     */
    public boolean everyWordPrinted() {
        return this == FLIP || this == OTHER;
    }

    /** What the kind means, in words, for reports and help. */
    public String meaning() {
        return meaning;
    }

    /** The name in the event stream and in every output: flip, zeros, stale, ... */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a label, or null when it names none. */
    public static CorruptionKind of(String label) {
        for (CorruptionKind k : values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        return null;
    }
}
