package bitbisect.writer.io;

/**
 * How a file is read back for verification: through this host's page cache or past it, in
 * reads of {@code readBlock} bytes with up to {@code depth} of them in flight (fio's {@code bs}
 * for reads and {@code iodepth}). The read shape is independent of the block the file was
 * written with: the file's content is compared word for word either way.
 */
public record Readback(ReadbackMode mode, int readBlock, int depth) {

    public static final int MAX_DEPTH = 64;

    public Readback {
        if (readBlock <= 0 || readBlock % 8 != 0) {
            throw new IllegalArgumentException("read block " + readBlock + ": must be a positive multiple of 8");
        }
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("read depth " + depth + ": must be between 1 and " + MAX_DEPTH);
        }
    }
}
