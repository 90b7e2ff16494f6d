package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-NFS tier (lab/nfs.sh): a sweep through a real Linux NFS client, in a QEMU guest
 * running Debian's kernel, against nfs-ganesha. The writer's facts must carry the client's
 * mount options and its counters. About two minutes under emulation; BITBISECT_REAL_NFS=0 skips it.
 */
class RealNfsIT {

    private static final Path SCRIPT = Path.of("../lab/nfs.sh").toAbsolutePath().normalize();
    /** Kept between runs: the kernel package is fetched once. */
    private static final Path LAB = Path.of("/var/tmp/bitbisect-nfs-lab");

    @TempDir
    Path work;

    @Test
    void aSweepThroughTheGuestsKernelNfsClientRecordsItsMountOptionsAndCounters() throws Exception {
        assumeFalse("0".equals(System.getenv("BITBISECT_REAL_NFS")), "BITBISECT_REAL_NFS=0");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64"))
                && Files.isExecutable(Path.of("/usr/bin/ganesha.nfsd")), "needs qemu-system-x86 and nfs-ganesha (.ci/run installs them)");
        Files.createDirectories(LAB);
        try {
            assertEquals(0, script("down", 60), "a guest left by an earlier run is gone");
            assertEquals(0, script("up", 400), "lab/nfs.sh up; see " + work.resolve("nfs.log"));
            Files.writeString(work.resolve("m.yaml"), "name: real-nfs\nhosts:\n"
                    + "  - {name: vm1, ssh: {address: 10.250.0.31, user: root, identity: " + LAB.resolve("keys/id_ed25519")
                    + ", known_hosts: " + LAB.resolve("vm/known_hosts") + "}, storage: {nfs: /mnt/nfs/bitbisect}}\n"
                    + "axes: {sync: [buffered, osync], size: [1MiB]}\nwork: {iterations: 2}\nrun: {seed: 1, timeout: 5m}\n");

            RunnerJar.Result sweep = new RunnerJar(work).run("sweep", "m.yaml", "--results", "results");

            assertEquals(0, sweep.exit(), sweep.stdout() + sweep.stderr());
            Path dir;
            try (Stream<Path> dirs = Files.list(work.resolve("results"))) {
                dir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            for (String cell : List.of("vm1.nfs.buffered.1MiB.cached.default.alternating",
                    "vm1.nfs.osync.1MiB.cached.default.alternating")) {
                List<String> lines = Files.readAllLines(dir.resolve("cells").resolve(cell).resolve("run-001.jsonl"));
                JsonNode target = EventCodec.mapper().readTree(lines.get(0)).get("facts").get("target");
                assertEquals("nfs", target.get("fs_type").asText(), target.toString());
                String options = target.get("nfs").get("options").asText();
                assertTrue(options.contains("vers=3") && options.contains("hard") && options.contains("wsize="), options);
                JsonNode delta = EventCodec.mapper().readTree(lines.get(lines.size() - 1)).get("nfs_delta");
                assertTrue(delta.get("requests").asLong() > 0, "the run's NFS requests were counted: " + delta);
                assertEquals(0, delta.get("major_timeouts").asLong());
            }
            JsonNode findings = EventCodec.mapper().readTree(dir.resolve("findings.json").toFile());
            assertEquals("no_corruption", findings.get("verdict").asText());
        } finally {
            script("down", 60);
        }
    }

    private int script(String verb, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), verb).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("nfs.log").toFile()));
        pb.environment().put("LAB", LAB.toString());
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
