package bitbisect.runner.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.report.SyntheticSweep;
import bitbisect.runner.store.SweepData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cube is written on a thread of its own beside the report: both land, or its failure is the caller's. */
class PublisherTest {

    private static final String CELL = "h.local.buffered.1MiB.cached.default.alternating";

    @TempDir
    Path dir;

    @BeforeEach
    void oneCleanRun() throws Exception {
        SyntheticSweep.write(dir, "name: p\nhosts: [{name: h, storage: {local: /tmp/x}}]\n"
                + "axes: {sync: [buffered], size: [1MiB], readback: [cached]}\n",
                cell -> List.of(SyntheticSweep.Run.clean(4)));
    }

    @Test
    void everyFileIsWritten() throws IOException {
        Publisher.Published p = Publisher.publish(dir, "");
        assertEquals(dir.resolve("cube.h5"), p.cube());
        for (Path file : List.of(p.cube(), p.junit(), dir.resolve("report.md"), dir.resolve("findings.json"))) {
            assertTrue(Files.size(file) > 0, file + " is written");
        }
    }

    @Test
    void anEventsFileThatCannotBeReadIsTheCallersIOExceptionThoughRunsAreReadInParallel() throws IOException {
        Path events = dir.resolve("cells").resolve(CELL).resolve("run-001.jsonl");
        Files.delete(events);
        Files.createDirectories(events); // the summary has no details: its events are read whole
        assertThrows(IOException.class, () -> SweepData.load(dir)); // not the parallel stream's UncheckedIOException
    }

    @Test
    void aCubeThatCannotBeWrittenFailsThePublishAfterTheReportIsDone() throws IOException {
        Path inTheWay = Files.createDirectories(dir.resolve("cube.h5").resolve("not-empty"));
        assertThrows(IOException.class, () -> Publisher.publish(dir, ""));
        assertTrue(Files.isDirectory(inTheWay), "nothing of the cube replaced what was there");
        assertTrue(Files.size(dir.resolve("report.md")) > 0, "the report still landed");
    }

    @Test
    void theTemporaryFilesOfAKilledReportAreRemovedAsTheLoadFoundThem() throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = dir.resolve(".cube.h5.tmp-" + gone.pid());
        // a live process's file, under a name this publish does not write itself
        Path live = dir.resolve(".report.md.tmp-" + ProcessHandle.current().pid() + "-99");
        Files.writeString(stale, "half a cube");
        Files.writeString(live, "being written");

        Publisher.publish(dir, "");

        assertFalse(Files.exists(stale), "a killed writer's file is removed");
        assertTrue(Files.exists(live), "a file of a live process stays");
    }
}
