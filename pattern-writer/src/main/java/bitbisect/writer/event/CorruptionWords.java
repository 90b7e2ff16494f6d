package bitbisect.writer.event;

/**
 * A corruption event's numbers, words as they are rather than as text: what a reader of
 * millions of corruption lines keeps of each ({@link EventCodec#corruptionWords}).
 */
public record CorruptionWords(long iteration, long offset, long expected, long actual, long mask, long timeMs) {
}
