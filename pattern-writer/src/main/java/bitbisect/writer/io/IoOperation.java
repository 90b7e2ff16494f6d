package bitbisect.writer.io;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The calls on the target that the writer watches for stalls and names when they fail, as
 * {@code stall} and {@code error} events spell them.
 */
public enum IoOperation {
    /** open(2) of the test file. */
    OPEN("open"),
    /** write(2) of a block. */
    WRITE("write"),
    /** fsync(2) after the last block. */
    FSYNC("fsync"),
    /** close(2), where NFS flushes what is still cached. */
    CLOSE("close"),
    /** read(2) of a block for verification. */
    READ("read"),
    /** stat(2) and its like: the target's checks, the file's size, its open flags. */
    STAT("stat"),
    /** unlink(2) of a clean file. */
    DELETE("delete"),
    /** rename(2) of a corrupt file kept as evidence. */
    RENAME("rename"),
    /** posix_fadvise(2) that drops the file's pages before a cold read-back. */
    FADVISE("fadvise");

    private final String label;

    IoOperation(String label) {
        this.label = label;
    }

    /** The name in the event stream and in messages. */
    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
