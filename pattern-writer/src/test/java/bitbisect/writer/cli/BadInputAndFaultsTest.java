package bitbisect.writer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.writer.event.Event;
import bitbisect.writer.io.IoOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User mistakes end in one clear line and exit 2 with nothing written; I/O failures in exit 3. */
class BadInputAndFaultsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "--size|100|--size 100: must be a positive multiple of 8 bytes (one 64-bit word); for example 96 or 104",
        "--size|12MB|decimal units are ambiguous",
        "--block|1001|--block 1001: must be a multiple of 8 bytes",
        "--pattern|zigzag|--pattern: unknown pattern 'zigzag' (use one of alternating, inverse, offset, random:SEED, tagged)",
        "--pattern|random:x|the seed must be a whole number",
        "--sync|nosync|unknown sync mode 'nosync' (use one of buffered, fsync, osync, odsync, direct)",
        "--readback|remote|unknown read-back mode 'remote' (use one of cached, cold, direct)",
        "--read-block|12|--read-block 12: must be a multiple of 8 bytes between 8 and 1GiB",
        "--read-block|2GiB|--read-block 2GiB: must be a multiple of 8 bytes between 8 and 1GiB",
        "--read-depth|0|--read-depth 0: must be between 1 and 64",
        "--read-depth|65|--read-depth 65: must be between 1 and 64",
        "--keep|some|'some' (use corrupt, none or all)",
        "--iterations|0|--iterations 0: must be at least 1",
    })
    void aUsageMistakeIsOneLineAndExit2WithNothingWritten(String option, String value, String message) {
        Path file = dir.resolve("f.bin");

        Writer run = Writer.run("run", "--path", file.toString(), option, value);

        assertUsageError(run, message);
        assertFalse(Files.exists(file));
    }

    @Test
    void aSymbolicLinkIsRefusedAndNamedAsOneEvenToARegularFile() throws IOException {
        Path real = Files.writeString(dir.resolve("real"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        assertUsageError(Writer.run("run", "--path", link.toString()), "--path " + link + ": is a symbolic link (to " + real
                + "); the writer does not write or read through links");
        assertEquals("x", Files.readString(real), "the file it points to is left alone");
    }

    @Test
    void aSizeBelowOneWordSuggestsOneWordOnce() {
        Writer run = Writer.run("run", "--path", dir.resolve("f.bin").toString(), "--size", "0");

        assertUsageError(run, "--size 0: must be a positive multiple of 8 bytes (one 64-bit word); for example 8");
        assertFalse(run.stderr().contains(" or 8"), run.stderr());
    }

    @Test
    void writeAndVerifyTakeAnIterationOfOneOrMore() {
        for (String command : List.of("write", "verify")) {
            Path file = dir.resolve(command + ".bin");
            assertUsageError(Writer.run(command, "--path", file.toString(), "--iteration", "0"),
                    "--iteration 0: must be 1 or more (run numbers its iterations from 1)");
            assertFalse(Files.exists(file));
        }
    }

    @Test
    void directIoNeedsAlignedSizeAndBlock() {
        Path file = dir.resolve("f.bin");

        Writer run = Writer.run("run", "--path", file.toString(), "--size", "4104", "--block", "4104", "--sync", "direct");

        assertUsageError(run, "O_DIRECT needs --size and --block to be multiples of 4096 bytes");
        assertUsageError(Writer.run("run", "--path", file.toString(), "--size", "1MiB", "--block", "1000",
                "--readback", "direct"), "O_DIRECT needs");
        assertUsageError(Writer.run("run", "--path", file.toString(), "--size", "1MiB", "--read-block", "1000",
                "--readback", "direct"), "--readback direct needs --read-block to be a multiple of 4096 bytes");
        assertFalse(Files.exists(file));
    }

    @Test
    void aMissingDirectoryIsAUsageError() {
        Writer run = Writer.run("write", "--path", dir.resolve("no/such/dir/f.bin").toString());

        assertUsageError(run, "directory " + dir.resolve("no/such/dir") + " does not exist");
    }

    @Test
    void somethingThatIsNotARegularFileIsRefusedAndLeftAlone() {
        assertUsageError(Writer.run("run", "--path", dir.toString()), "exists and is not a regular file");
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void iterationsAndDurationTogetherAreRefused() {
        assertUsageError(Writer.run("run", "--path", dir.resolve("f").toString(), "--iterations", "3", "--duration", "1m"),
                "give --iterations or --duration, not both");
    }

    @Test
    void aReadOnlyDirectoryIsAUsageError() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        try (TmpfsMount mount = TmpfsMount.mount(ro, "ro,size=1m")) {
            Writer run = Writer.run("run", "--path", ro.resolve("f.bin").toString(), "--size", "4KiB");

            assertUsageError(run, "is not writable");
        }
    }

    @Test
    void diskFullMidWriteIsAnErrorEventWithThePartialFileRemoved() throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        try (TmpfsMount mount = TmpfsMount.mount(small, "size=1m")) {
            Path file = small.resolve("f.bin");

            Writer run = Writer.run("run", "--path", file.toString(), "--size", "4MiB", "--block", "64KiB");

            assertEquals(3, run.exit(), run.stderr());
            Event.IoError error = run.only(Event.IoError.class);
            assertEquals("ENOSPC", error.errno());
            assertEquals(IoOperation.WRITE, error.operation());
            assertNotNull(error.offset());
            assertTrue(error.offset() > 0 && error.offset() <= 1 << 20, "failed past the first block: " + error.offset());
            assertEquals(Event.Status.ERROR, run.end().status());
            assertEquals(0, run.end().corruptWords(), "an I/O error is never corruption");
            assertTrue(run.all(Event.Corruption.class).isEmpty());
            assertFalse(Files.exists(file), "partial file removed");
            assertTrue(run.stderr().contains("No space left on device (ENOSPC)"), run.stderr());
            assertTrue(run.stderr().startsWith("warning: --size 4MiB is more than the 1.0 MiB free for this user in "
                    + small + " (the file it replaces included); the write may end in ENOSPC"), run.stderr());
        }
    }

    @Test
    void verifyingAMissingFileIsAnIoErrorNotCorruption() {
        Writer run = Writer.run("verify", "--path", dir.resolve("gone.bin").toString());

        assertEquals(3, run.exit());
        assertEquals("ENOENT", run.only(Event.IoError.class).errno());
        assertEquals(IoOperation.OPEN, run.only(Event.IoError.class).operation());
    }

    @Test
    void noCommandIsAUsageError() {
        Writer run = Writer.run();

        assertEquals(2, run.exit());
        assertTrue(run.stderr().contains("name a command: run, write, verify or facts"), run.stderr());
    }

    private static void assertUsageError(Writer run, String message) {
        assertEquals(2, run.exit(), run.stderr());
        assertTrue(run.stderr().contains(message), () -> "stderr lacks '" + message + "':\n" + run.stderr());
        assertEquals(2, run.stderr().lines().count(), "one line for the mistake, one for help:\n" + run.stderr());
        assertTrue(run.events().isEmpty(), "nothing on stdout: " + run.stdout());
        assertFalse(run.stderr().contains("Exception"), run.stderr());
    }
}
