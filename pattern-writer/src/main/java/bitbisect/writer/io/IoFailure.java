package bitbisect.writer.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * An I/O call that failed, with where and how: the operation ({@link IoOperation}),
 * "read"), the file offset when one applies, and the errno name when it can be told from the
 * message (ENOSPC, EIO, ESTALE, ...). Reported as an {@code error} event, never as corruption.
 */
public final class IoFailure extends Exception {

    private static final long serialVersionUID = 1L;

    // The JDK reports errors as strerror(3) text; these are the ones a storage test meets.
    private static final Map<String, String> ERRNO_BY_TEXT = Map.ofEntries(
            Map.entry("No space left on device", "ENOSPC"),
            Map.entry("Input/output error", "EIO"),
            Map.entry("Stale file handle", "ESTALE"),
            Map.entry("Stale NFS file handle", "ESTALE"),
            Map.entry("Permission denied", "EACCES"),
            Map.entry("Operation not permitted", "EPERM"),
            Map.entry("Read-only file system", "EROFS"),
            Map.entry("Disk quota exceeded", "EDQUOT"),
            Map.entry("No such file or directory", "ENOENT"),
            Map.entry("Invalid argument", "EINVAL"),
            Map.entry("File too large", "EFBIG"),
            Map.entry("Connection timed out", "ETIMEDOUT"),
            Map.entry("Remote I/O error", "EREMOTEIO"),
            Map.entry("Too many levels of symbolic links", "ELOOP"),
            Map.entry("Interrupted system call", "EINTR"));

    private final IoOperation operation;
    private final Long offset;
    private final String errno;
    private final Path path;

    public IoFailure(IoOperation operation, Long offset, String errno, String message, Path path, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.offset = offset;
        this.errno = errno;
        this.path = path;
    }

    /** Wraps a JDK exception from {@code operation} at {@code offset} (null when none applies). */
    public static IoFailure of(IOException e, IoOperation operation, Long offset, Path path) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        String errno;
        if (e instanceof NoSuchFileException) {
            errno = "ENOENT";
            reason = "No such file or directory";
        } else if (e instanceof AccessDeniedException) {
            errno = "EACCES";
            reason = "Permission denied";
        } else {
            errno = errnoOf(reason);
        }
        return new IoFailure(operation, offset, errno, reason == null ? e.toString() : reason, path, e);
    }

    private static String errnoOf(String reason) {
        if (reason != null) {
            for (Map.Entry<String, String> entry : ERRNO_BY_TEXT.entrySet()) {
                if (reason.contains(entry.getKey())) {
                    return entry.getValue();
                }
            }
        }
        return null;
    }

    public IoOperation operation() {
        return operation;
    }

    public Long offset() {
        return offset;
    }

    public String errno() {
        return errno;
    }

    public Path path() {
        return path;
    }

    /** "write at offset 4194304 of /mnt/nfs/f: No space left on device (ENOSPC)" */
    public String describe() {
        return operation + (offset == null ? "" : " at offset " + offset) + " of " + path + ": " + getMessage()
                + (errno == null ? "" : " (" + errno + ")");
    }
}
