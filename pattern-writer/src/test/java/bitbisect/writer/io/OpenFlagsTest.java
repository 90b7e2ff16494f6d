package bitbisect.writer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class OpenFlagsTest {

    @Test
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
    void decodesX86Flags() {
        // O_WRONLY | O_DSYNC | O_LARGEFILE | __O_SYNC, as fdinfo shows an O_SYNC file
        assertEquals(List.of("O_WRONLY", "O_LARGEFILE", "O_SYNC"), OpenFlags.decode(04110001).names());
        assertEquals(List.of("O_WRONLY", "O_LARGEFILE", "O_DSYNC"), OpenFlags.decode(0110001).names());
        assertEquals(List.of("O_RDONLY", "O_DIRECT", "O_LARGEFILE"), OpenFlags.decode(0140000).names());
        assertEquals("0140000", OpenFlags.decode(0140000).octal());
    }

    @Test
    void readsTheFlagsOfAnOpenFile(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("f"));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
            OpenFlags flags = OpenFlags.ofOpenFile(file);
            assertTrue(flags.has("O_WRONLY") && flags.has("O_DSYNC"), flags.toString());
        }
        assertNull(OpenFlags.ofOpenFile(file), "no descriptor once closed");
    }

    @Test
    void theDescriptorFoundLastIsCheckedBeforeItIsTrusted(@TempDir Path dir) throws Exception {
        Path a = Files.createFile(dir.resolve("a"));
        Path b = Files.createFile(dir.resolve("b"));
        try (FileChannel ch = FileChannel.open(a, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
            assertTrue(OpenFlags.ofOpenFile(a).has("O_DSYNC"));
        }
        // Usually the same number again, now for another file, then for the first with other flags.
        try (FileChannel ch = FileChannel.open(b, StandardOpenOption.READ)) {
            assertTrue(OpenFlags.ofOpenFile(b).has("O_RDONLY"));
            assertNull(OpenFlags.ofOpenFile(a), "a is not open");
        }
        try (FileChannel ch = FileChannel.open(a, StandardOpenOption.READ)) {
            OpenFlags flags = OpenFlags.ofOpenFile(a);
            assertTrue(flags.has("O_RDONLY") && !flags.has("O_DSYNC"), flags.toString());
        }
    }
}
