package bitbisect.writer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import bitbisect.writer.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files a run leaves behind. */
class KeepEvidenceTest {

    @TempDir
    Path dir;

    @Test
    void cleanFilesAreDeleted() throws IOException {
        Writer run = Writer.run("run", "--path", dir.resolve("t.bin").toString(), "--size", "64KiB", "--iterations", "3");

        assertEquals(0, run.exit());
        assertEquals(3, run.all(Event.Iteration.class).size());
        run.all(Event.Iteration.class).forEach(i -> assertNull(i.kept()));
        assertEquals(List.of(), files());
    }

    @Test
    void keepAllKeepsEveryIterationUnderItsOwnName() throws IOException {
        Writer run = Writer.run("run", "--path", dir.resolve("t.bin").toString(), "--size", "64KiB",
                "--iterations", "2", "--keep", "all");

        assertEquals(List.of("t.bin.iter1", "t.bin.iter2"), files());
        assertEquals(dir.resolve("t.bin.iter2").toString(), run.all(Event.Iteration.class).get(1).kept());
    }

    @Test
    void keepMaxKeepsTheFirstFilesOnlyAndSaysWhichWereNot() throws IOException {
        Writer run = Writer.run("run", "--path", dir.resolve("t.bin").toString(), "--size", "64KiB",
                "--iterations", "4", "--keep", "all", "--keep-max", "2");

        assertEquals(0, run.exit());
        assertEquals(List.of("t.bin.iter1", "t.bin.iter2"), files());
        assertEquals(java.util.Arrays.asList(dir.resolve("t.bin.iter1").toString(), dir.resolve("t.bin.iter2").toString(),
                null, null), run.all(Event.Iteration.class).stream().map(Event.Iteration::kept).toList());
        assertEquals(2, run.only(Event.Start.class).parameters().keepMax());
    }

    @Test
    void keepMaxZeroKeepsNothingAndANegativeOneIsAUsageError() throws IOException {
        Writer none = Writer.run("run", "--path", dir.resolve("t.bin").toString(), "--size", "64KiB",
                "--iterations", "2", "--keep", "all", "--keep-max", "0");
        assertEquals(0, none.exit());
        assertEquals(List.of(), files());

        Writer bad = Writer.run("run", "--path", dir.resolve("t.bin").toString(), "--size", "64KiB", "--keep-max", "-1");
        assertEquals(2, bad.exit());
        assertEquals(List.of(), files());
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
