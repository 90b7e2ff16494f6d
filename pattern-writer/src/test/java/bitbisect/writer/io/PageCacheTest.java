package bitbisect.writer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cold read-back starts from a file none of whose pages this host holds: the kernel says so (fincore). */
class PageCacheTest {

    @TempDir
    Path dir;

    @Test
    void aDroppedFileHasNoPageInTheCacheDirtyPagesIncluded() throws Exception {
        // tmpfs keeps a file only in its pages: nothing to drop there, so this needs a disk (/var/tmp if /tmp is not one).
        Path onDisk = Files.getFileStore(dir).type().equals("tmpfs")
                ? Files.createTempDirectory(Path.of("/var/tmp"), "bitbisect-pagecache") : dir;
        assertTrue(!Files.getFileStore(onDisk).type().equals("tmpfs"), "a directory on a disk: " + onDisk);
        Path file = onDisk.resolve("t.bin");
        Files.write(file, new byte[8 << 20]); // written, not yet synced: its pages are dirty
        assertTrue(residentPages(file) > 0, "just written, its pages are in the cache");

        try (IoWatch watch = IoWatch.start(Duration.ofSeconds(30), s -> { })) {
            PageCache.drop(file, watch);
        }

        assertEquals(0, residentPages(file), "every page dropped, the dirty ones after fsync");
        assertEquals(8 << 20, Files.size(file), "and the file is whole");
        Files.delete(file);
    }

    @Test
    void aFileThatIsNotThereIsAnOpenFailureWithItsErrno() {
        try (IoWatch watch = IoWatch.start(Duration.ofSeconds(30), s -> { })) {
            IoFailure f = assertThrows(IoFailure.class, () -> PageCache.drop(dir.resolve("missing.bin"), watch));
            assertEquals(IoOperation.OPEN, f.operation());
            assertEquals("ENOENT", f.errno(), f.describe());
        }
    }

    /** Pages of {@code file} in this host's page cache, as util-linux's fincore counts them. */
    private static long residentPages(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("fincore", "--noheadings", "--output", "PAGES", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "fincore: " + out);
        return Long.parseLong(out);
    }
}
