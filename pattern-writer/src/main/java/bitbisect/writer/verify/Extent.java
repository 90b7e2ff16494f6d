package bitbisect.writer.verify;

/**
 * Corrupt words close together in one read-back: from {@code offset} to {@code offset + length},
 * {@code words} of them corrupt, of one {@link CorruptionKind}. The source fields say where the
 * content came from when the pattern tells (null otherwise): the byte offset its first word
 * belongs at, the iteration it was written in, and the tag of the file it was written for.
 *
 * <p>Example: a 4 KiB page lost in iteration 7 of a {@code tagged} file, at offset 8192:
 * {@code Extent(8192, 4096, 512, STALE, 8192, 6, tag)}.
 */
public record Extent(long offset, long length, long words, CorruptionKind kind, Long sourceOffset,
                     Long sourceIteration, Integer sourceTag) {
}
