package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps over a real SSH lab of three hosts, each with its own OpenSSH sshd in a network namespace. */
class SshSweepIT {

    private static Lab lab;
    private static Path labDir;

    @TempDir
    Path work;

    @BeforeAll
    static void up() throws Exception {
        labDir = Files.createTempDirectory("bitbisect-lab");
        lab = Lab.up(labDir, 3);
    }

    @AfterAll
    static void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    private static final String AXES = """
            axes: {sync: [buffered, osync], size: [64KiB, 1MiB]}
            work: {iterations: 2}
            run: {seed: 4, timeout: 1m}
            """;

    private Map<String, List<RunSummary>> summaries(String results) throws Exception {
        try (Stream<Path> dirs = Files.list(work.resolve(results));
             ResultsStore store = ResultsStore.openForReading(dirs.filter(Files::isDirectory).findFirst().orElseThrow())) {
            return store.summaries();
        }
    }

    @Test
    void aSweepOverThreeHostsGivesTheResultsOfTheLocalExecutor() throws Exception {
        StringBuilder ssh = new StringBuilder("name: fleet\nhosts:\n");
        StringBuilder local = new StringBuilder("name: fleet\nhosts:\n");
        for (int i = 1; i <= 3; i++) {
            ssh.append(lab.host(i, lab.knownHosts(), "{local: /mnt/local/bb, nfs: /mnt/nfs/bb}"));
            local.append("  - {name: labh").append(i).append(", labels: {kernel: \"k").append(i)
                    .append("\"}, storage: {local: ").append(work.resolve("l" + i)).append(", nfs: ")
                    .append(work.resolve("n" + i)).append("}}\n");
        }
        Files.writeString(work.resolve("ssh.yaml"), ssh + AXES);
        Files.writeString(work.resolve("local.yaml"), local + AXES);
        RunnerJar runner = new RunnerJar(work);

        RunnerJar.Result overSsh = runner.run("sweep", "ssh.yaml", "--results", "ssh", "--allow-label-mismatch");
        RunnerJar.Result onHere = runner.run("sweep", "local.yaml", "--results", "local", "--allow-label-mismatch");

        assertEquals(0, overSsh.exit(), overSsh.stdout() + overSsh.stderr());
        assertEquals(0, onHere.exit(), onHere.stdout() + onHere.stderr());
        Map<String, List<RunSummary>> a = summaries("ssh");
        Map<String, List<RunSummary>> b = summaries("local");
        assertEquals(24, a.size());
        assertEquals(b.keySet(), a.keySet(), "the same cell ids");
        for (String cell : a.keySet()) {
            RunSummary x = a.get(cell).get(0);
            RunSummary y = b.get(cell).get(0);
            assertEquals(RunStatus.CLEAN, x.status(), cell);
            assertEquals(y.iterations(), x.iterations(), cell);
            assertEquals(y.bytesVerified(), x.bytesVerified(), cell);
            assertEquals(y.corruptWords(), x.corruptWords(), cell);
        }
        try (Stream<Path> dirs = Files.list(work.resolve("ssh"))) {
            Path sweep = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            String facts = Files.readString(sweep.resolve("hosts/labh2.json"));
            assertTrue(facts.contains("\"hostname\" : \"labh2\"") && facts.contains("\"model\" : \"Lab Model 2\""),
                    "facts come from the host itself: " + facts);
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedUntilAcceptedAndAChangedOneAlways() throws Exception {
        Path empty = work.resolve("known_hosts_empty");
        Files.writeString(work.resolve("m.yaml"), "name: keys\nhosts:\n"
                + lab.host(1, empty, "{local: /mnt/local/bb}") + "axes: {size: [64KiB]}\nwork: {iterations: 1}\n");
        RunnerJar runner = new RunnerJar(work);

        RunnerJar.Result refused = runner.run("sweep", "m.yaml", "--results", "r1", "--allow-label-mismatch");
        assertEquals(3, refused.exit(), refused.stdout());
        assertTrue(refused.stderr().contains("UNREACHABLE"), refused.stderr());
        assertTrue(refused.stderr().contains("is not in " + empty) && refused.stderr().contains("--accept-new-host-keys")
                && refused.stderr().contains("SHA256:"), refused.stderr());
        assertTrue(refused.stdout().contains("0 of 1 planned runs done (0 cells), 1 not run"), refused.stdout());

        RunnerJar.Result accepted = runner.run("sweep", "m.yaml", "--results", "r2", "--accept-new-host-keys",
                "--allow-label-mismatch");
        assertEquals(0, accepted.exit(), accepted.stdout() + accepted.stderr());
        assertTrue(Files.readString(empty).startsWith(Lab.address(1) + " ssh-ed25519 "), Files.readString(empty));

        // Now the file says host 1 has host 2's key: a changed key, refused even when accepting new ones.
        String host2Key = Files.readAllLines(lab.knownHosts()).stream()
                .filter(l -> l.startsWith(Lab.address(2) + " ")).findFirst().orElseThrow().split(" ", 2)[1];
        Files.writeString(empty, Lab.address(1) + " " + host2Key + "\n");
        RunnerJar.Result changed = runner.run("sweep", "m.yaml", "--results", "r3", "--accept-new-host-keys",
                "--allow-label-mismatch");
        assertEquals(3, changed.exit());
        assertTrue(changed.stderr().contains("has CHANGED"), changed.stderr());
    }

    @Test
    void aLabelThatDisagreesWithTheHostStopsTheSweepUnlessAllowed() throws Exception {
        Files.writeString(work.resolve("m.yaml"), "name: labels\nhosts:\n"
                + lab.host(2, lab.knownHosts(), "{local: /mnt/local/bb}").replace("kernel: \"k2\"}", "kernel: \"k2\", model: R630}")
                + "axes: {size: [64KiB]}\nwork: {iterations: 1}\n");
        RunnerJar runner = new RunnerJar(work);

        RunnerJar.Result refused = runner.run("check", "m.yaml");
        RunnerJar.Result sweep = runner.run("sweep", "m.yaml");

        assertEquals(3, refused.exit(), refused.stdout() + refused.stderr());
        assertTrue(refused.stdout().contains("labh2 is labelled kernel k2 but runs ")
                && refused.stdout().contains("labh2 is labelled model R630 but reports \"Lab Model 2\""), refused.stdout());
        assertEquals(2, sweep.exit(), sweep.stderr());
        assertTrue(sweep.stderr().contains("the preflight found 2 problems (above); nothing ran"), sweep.stderr());
    }

    /** A host dies mid-sweep: its runs become unreachable, the others finish, and a resume completes it. */
    @Test
    void aHostThatDiesMidSweepIsReportedAndItsRunsResume() throws Exception {
        StringBuilder m = new StringBuilder("name: dying\nhosts:\n");
        for (int i = 1; i <= 3; i++) {
            m.append(lab.host(i, lab.knownHosts(), "{local: /mnt/local/dying}"));
        }
        Files.writeString(work.resolve("m.yaml"), m + """
                axes: {sync: [buffered, fsync, osync], size: [1MiB, 4MiB]}
                work: {iterations: 5}
                run: {seed: 9, timeout: 1m}
                """);
        RunnerJar runner = new RunnerJar(work);
        Process sweep = runner.builder("sweep", "m.yaml", "--allow-label-mismatch").redirectErrorStream(true)
                .redirectOutput(work.resolve("first.log").toFile()).start();
        try {
            Path journal = null;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline && sweep.isAlive()) {
                journal = journalIn(work.resolve("results"));
                if (journal != null && Files.readAllLines(journal).stream()
                        .anyMatch(l -> l.contains("\"what\":\"finish\"") && l.contains("\"host\":\"labh2\""))) {
                    break;
                }
                Thread.sleep(50);
            }
            // Everything in labh2's namespace dies at once: sshd, sessions, the running writer.
            Process kill = new ProcessBuilder("sh", "-c", "ip netns pids labh2 | xargs -r kill -9").inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(sweep.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "the sweep went on without labh2");
            assertEquals(3, sweep.exitValue(), Files.readString(work.resolve("first.log")));

            Map<String, List<RunSummary>> runs = summaries("results");
            long unreachable = runs.values().stream().flatMap(List::stream)
                    .filter(r -> r.status() == RunStatus.UNREACHABLE).count();
            assertTrue(unreachable >= 1, runs.toString());
            runs.forEach((cell, list) -> {
                RunSummary r = list.get(0);
                if (r.host().equals("labh2")) {
                    assertTrue(r.status() == RunStatus.CLEAN || r.status() == RunStatus.UNREACHABLE, r.toString());
                } else {
                    assertEquals(RunStatus.CLEAN, r.status(), "other hosts finish: " + r);
                }
            });
            assertTrue(Files.readString(work.resolve("first.log")).contains("unreachable " + unreachable),
                    Files.readString(work.resolve("first.log")));
        } finally {
            sweep.destroyForcibly();
            lab.script("down");
            lab.script("up");
        }

        RunnerJar.Result resumed = runner.run("sweep", "m.yaml", "--allow-label-mismatch");

        assertEquals(0, resumed.exit(), resumed.stdout() + resumed.stderr());
        Map<String, List<RunSummary>> after = summaries("results");
        assertEquals(18, after.size());
        after.values().forEach(list -> assertEquals(RunStatus.CLEAN, list.get(0).status(), list.toString()));
    }

    private static Path journalIn(Path results) throws Exception {
        if (!Files.isDirectory(results)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.map(d -> d.resolve("journal.jsonl")).filter(Files::exists).findFirst().orElse(null);
        }
    }

    @Test
    void shellMetacharactersInPathsDoNoHarm() throws Exception {
        String weird = "/mnt/local/we ird'\"$(touch /tmp/bitbisect-pwned);x`id`";
        Files.deleteIfExists(Path.of("/tmp/bitbisect-pwned"));
        Files.writeString(work.resolve("m.yaml"), "name: quoting\nhosts:\n"
                + lab.host(3, lab.knownHosts(), "{local: '" + weird.replace("'", "''") + "'}")
                + "axes: {size: [64KiB]}\nwork: {iterations: 1}\n");

        RunnerJar.Result r = new RunnerJar(work).run("sweep", "m.yaml", "--allow-label-mismatch");

        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertFalse(Files.exists(Path.of("/tmp/bitbisect-pwned")), "no command substitution ran");
        String events = Files.readString(Files.list(work.resolve("results")).findFirst().orElseThrow()
                .resolve("cells/labh3.local.buffered.64KiB.cached.default.alternating/run-001.jsonl"));
        assertTrue(events.contains("\"path\":\"" + weird.replace("\"", "\\\"") + "/bitbisect-"), events);
    }
}
