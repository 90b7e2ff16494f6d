package bitbisect.writer.io;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Drops a file's pages from this host's page cache, as fio does before it verifies: the file is
 * made durable (fsync), then posix_fadvise(POSIX_FADV_DONTNEED) asks the kernel to forget its
 * clean pages, so the read that follows goes through the normal read path to the storage (or
 * the NFS server) with the kernel's read-ahead. Java 17 has no call for it; JNA reaches libc.
 * Loaded only by a cold read-back: no other writer run pays for JNA's start.
 */
final class PageCache {

    private static final int O_RDONLY = 0;
    private static final int POSIX_FADV_DONTNEED = 4;

    /** The few libc calls needed, as JNA binds them. */
    private interface LibC extends Library {
        int open(String path, int flags);

        int fsync(int fd);

        /** Returns 0, or the error number itself (not -1 and errno). */
        int posix_fadvise(int fd, long offset, long length, int advice);

        int close(int fd);

        /** The C library's words for an error number, which {@link IoFailure} turns into its name (EIO ...). */
        String strerror(int errno);
    }

    private static final class Loaded {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private PageCache() {
    }

    /** Makes {@code path} durable and drops its pages, each call under {@code watch}. */
    static void drop(Path path, IoWatch watch) throws IoFailure {
        LibC libc = Loaded.LIBC;
        int fd = watch.watched(IoOperation.OPEN, 0, () -> libc.open(path.toString(), O_RDONLY));
        if (fd < 0) {
            throw IoFailure.of(new IOException(libc.strerror(Native.getLastError())), IoOperation.OPEN, null, path);
        }
        try {
            if (watch.watched(IoOperation.FSYNC, 0, () -> libc.fsync(fd)) != 0) {
                throw IoFailure.of(new IOException(libc.strerror(Native.getLastError())), IoOperation.FSYNC, null, path);
            }
            int advised = watch.watched(IoOperation.FADVISE, 0, () -> libc.posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED));
            if (advised != 0) {
                throw IoFailure.of(new IOException(libc.strerror(advised)), IoOperation.FADVISE, null, path);
            }
        } finally {
            libc.close(fd);
        }
    }
}
