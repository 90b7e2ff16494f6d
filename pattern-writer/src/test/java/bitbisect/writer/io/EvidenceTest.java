package bitbisect.writer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import bitbisect.writer.io.Evidence.Keep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceTest {

    private static final IoWatch NO_WATCH = IoWatch.start(Duration.ZERO, stall -> { });

    @TempDir
    Path dir;

    @Test
    void aCorruptFileIsKeptWithItsContentUnderAnIterationName() throws Exception {
        Path file = Files.write(dir.resolve("t.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        Path kept = Evidence.settle(file, 12, true, Keep.CORRUPT, NO_WATCH);

        assertEquals(dir.resolve("t.bin.iter12.corrupt"), kept);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, Files.readAllBytes(kept));
        assertFalse(Files.exists(file), "the path is free for the next iteration");
    }

    @Test
    void earlierEvidenceIsNeverOverwritten() throws Exception {
        Files.write(dir.resolve("t.bin.iter1.corrupt"), new byte[] {9});
        Path file = Files.write(dir.resolve("t.bin"), new byte[] {1});

        Path kept = Evidence.settle(file, 1, true, Keep.CORRUPT, NO_WATCH);

        assertEquals(dir.resolve("t.bin.iter1.corrupt.2"), kept);
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(dir.resolve("t.bin.iter1.corrupt")));
    }

    @Test
    void aCleanFileIsDeletedUnlessAllAreKept() throws Exception {
        Path file = Files.write(dir.resolve("t.bin"), new byte[] {1});
        assertNull(Evidence.settle(file, 1, false, Keep.CORRUPT, NO_WATCH));
        assertFalse(Files.exists(file));

        Files.write(file, new byte[] {1});
        assertEquals(dir.resolve("t.bin.iter2"), Evidence.settle(file, 2, false, Keep.ALL, NO_WATCH));
    }

    @Test
    void keepNoneDeletesEvenACorruptFile() throws Exception {
        Path file = Files.write(dir.resolve("t.bin"), new byte[] {1});

        assertNull(Evidence.settle(file, 1, true, Keep.NONE, NO_WATCH));
        assertFalse(Files.exists(file));
    }
}
