package bitbisect.runner.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a sweep that cannot write its results says: a full disk apart from every other cause. */
class ResultsNotWrittenTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskIsNamedWithItsFreeSpaceWhereverTheCauseSits() {
        IOException deep = new IOException("writing run-001.json",
                new UncheckedIOException(new FileSystemException("run-001.json: No space left on device")));

        ResultsNotWritten e = ResultsNotWritten.of(deep, dir);

        assertTrue(e.getMessage().startsWith("results directory full: " + dir + " has "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" free; free some space there and run the same command again (every finished"
                + " run is kept)"), e.getMessage());
        assertTrue(ResultsNotWritten.full(new IOException("Disk quota exceeded")));
        assertSame(e, ResultsNotWritten.of(e, dir), "named once");
    }

    @Test
    void anotherFailureSaysWhatFailed() {
        ResultsNotWritten e = ResultsNotWritten.of(new IOException("Permission denied"), dir);

        assertEquals("cannot write the results under " + dir + ": Permission denied; fix that and run the same"
                + " command again (every finished run is kept)", e.getMessage());
    }
}
