package bitbisect.runner.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's command line, and the class-data archive it names. */
class WriterCallTest {

    @Test
    void everyCallNamesTheArchiveOfItsJarAndJavaBeforeTheVariantsFlags() {
        WriterCall call = new WriterCall("/opt/jdk-17/bin/java", List.of("-XX:UseAVX=0"), List.of("run", "--path", "/x"));
        String archive = WriterCall.archive("/home/u/.cache/bitbisect/pattern-writer-0123.jar", "/opt/jdk-17/bin/java");
        assertTrue(archive.matches("/home/u/\\.cache/bitbisect/pattern-writer-0123-[0-9a-f]{8}\\.jsa"), archive);
        assertNotEquals(archive, WriterCall.archive("/home/u/.cache/bitbisect/pattern-writer-0123.jar", "java"),
                "each java its own archive");
        assertEquals(List.of("/opt/jdk-17/bin/java", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-XX:UseAVX=0", "-jar", "/home/u/.cache/bitbisect/pattern-writer-0123.jar",
                "run", "--path", "/x"), call.command("/home/u/.cache/bitbisect/pattern-writer-0123.jar"));
    }

    /** The script with a stand-in java: it runs once, renames its dump, and never again once the archive is there. */
    @Test
    void theArchiveScriptMakesTheArchiveOnceUnderItsOwnName(@TempDir Path dir) throws Exception {
        Path java = dir.resolve("java");
        // Writes the file named by -XX:ArchiveClassesAtExit=, as the JVM does at exit, and counts its runs.
        Files.writeString(java, "#!/bin/sh\necho run >> " + dir.resolve("runs") + "\nfor a; do case $a in"
                + " -XX:ArchiveClassesAtExit=*) echo archive > \"${a#*=}\";; esac; done\n");
        assertTrue(java.toFile().setExecutable(true));
        String jar = dir.resolve("pattern-writer.jar").toString();
        for (int i = 0; i < 2; i++) {
            Process p = new ProcessBuilder(WriterCall.archiveScript(jar, java.toString()))
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        }
        assertEquals("archive\n", Files.readString(Path.of(WriterCall.archive(jar, java.toString()))));
        assertEquals(List.of("run"), Files.readAllLines(dir.resolve("runs")), "made once");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().matches(".*\\.(tmp|probe)\\..*")),
                    "no temporary or probe file left");
        }
    }
}
