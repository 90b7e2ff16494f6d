package bitbisect.writer.io;

/**
 * How a file is read back for verification: through this host's page cache or past it, in
 * reads of {@code readBlock} bytes with up to {@code depth} of them in flight (fio's {@code bs}
 * for reads and {@code iodepth}). The read shape is independent of the block the file was
 * written with: the file's content is compared word for word either way.
 */
public record Readback(ReadbackMode mode, int readBlock, int depth) {

    /**
     * Reads of 1 MiB, two in flight: on the disk and tmpfs measured (bench/writer-vs-fio.sh) the
     * fastest O_DIRECT read-back, where reads of the write block one at a time left 64 KiB
     * blocks at 0.6x of fio's buffered read-back and 8 MiB reads were slower than 1 MiB ones.
     */
    public static final int DEFAULT_READ_BLOCK = 1 << 20;
    public static final int DEFAULT_DEPTH = 2;
    public static final int MAX_DEPTH = 64;

    public Readback {
        if (readBlock <= 0 || readBlock % 8 != 0) {
            throw new IllegalArgumentException("read block " + readBlock + ": must be a positive multiple of 8");
        }
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("read depth " + depth + ": must be between 1 and " + MAX_DEPTH);
        }
    }

    /** The default read shape with {@code mode}. */
    public static Readback of(ReadbackMode mode) {
        return new Readback(mode, DEFAULT_READ_BLOCK, DEFAULT_DEPTH);
    }
}
