package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps over a real SSH lab of three hosts, each with its own OpenSSH sshd in a network namespace. */
class SshSweepIT {

    private static Lab lab;
    private static Lab.Shared shared;
    private static Path labDir;

    @TempDir
    Path work;

    @BeforeAll
    static void up() throws Exception {
        labDir = Files.createTempDirectory("bitbisect-lab");
        shared = Lab.Shared.up(labDir, 3);
        lab = shared.lab();
    }

    @org.junit.jupiter.api.BeforeEach
    void labIsUp() {
        shared.assumeUp();
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
        assertTrue(refused.stderr().contains(" REFUSED "), "a refusal, not an unreachable host: " + refused.stderr());
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
            Lab.killEverythingIn(2);
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

    /**
     * A mount that stops answering mid-run (a FUSE mount, sshfs to a lab host, whose daemon is
     * stopped: every call on it blocks, as on a hung hard NFS mount). The writer reports stalls,
     * the run is killed at the timeout and recorded as hung, the mount is found hung, and the
     * host's other cells there are not sent to it: one timeout for the mount, not one per cell.
     * The other host goes on, and once the mount answers again the same sweep runs the rest.
     */
    @Test
    void aMountThatStopsAnsweringCostsOneTimeoutAndItsOtherCellsRunOnceItIsBack() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sshfs")),
                "needs sshfs (.ci/run installs it)");
        Path mountpoint = Files.createDirectories(work.resolve("stuck"));
        new ProcessBuilder("ssh", "-q", "-i", lab.key().toString(), "-o", "UserKnownHostsFile=" + lab.knownHosts(),
                "root@" + Lab.address(1), "mkdir -p /mnt/local/export").inheritIO().start().waitFor();
        Process sshfs = new ProcessBuilder("sshfs", "-f", "-o", "IdentityFile=" + lab.key() + ",UserKnownHostsFile="
                + lab.knownHosts() + ",StrictHostKeyChecking=yes,BatchMode=yes",
                "root@" + Lab.address(1) + ":/mnt/local/export", mountpoint.toString()).inheritIO().start();
        try {
            for (int i = 0; i < 100 && new ProcessBuilder("mountpoint", "-q", mountpoint.toString()).start().waitFor() != 0; i++) {
                Thread.sleep(50);
            }
            Files.writeString(work.resolve("m.yaml"), "name: stuck\nhosts:\n"
                    + "  - {name: here, labels: {kernel: \"k0\"}, storage: {stuck: " + mountpoint + "}}\n"
                    + lab.host(2, lab.knownHosts(), "{stuck: /mnt/local/fine}")
                    + """
                    axes: {storage: [stuck], sync: [fsync, buffered], size: [1MiB, 2MiB]}
                    work: {iterations: 40, block: 64KiB}
                    run: {seed: 5, timeout: 8s, stall: 1s, per_host: 1}
                    """);
            RunnerJar runner = new RunnerJar(work);
            Process sweep = runner.builder("sweep", "m.yaml", "--allow-label-mismatch")
                    .redirectErrorStream(true).redirectOutput(work.resolve("sweep.log").toFile()).start();
            // Stop the daemon once the local writer has verified an iteration: the mount then hangs mid-run.
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline && sweep.isAlive() && !localWriterIsWriting()) {
                Thread.sleep(10);
            }
            long stopped = System.nanoTime();
            new ProcessBuilder("kill", "-STOP", Long.toString(sshfs.pid())).start().waitFor(); // the server stops answering

            assertTrue(sweep.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), Files.readString(work.resolve("sweep.log")));
            double seconds = (System.nanoTime() - stopped) / 1e9;
            String log = Files.readString(work.resolve("sweep.log"));
            assertEquals(3, sweep.exitValue(), log);
            Map<String, List<RunSummary>> runs = summaries("results");
            List<RunSummary> local = runs.entrySet().stream().filter(e -> e.getKey().startsWith("here."))
                    .map(e -> e.getValue().get(0)).toList();
            assertEquals(1, local.size(), "one run on the stopped mount, the others held back: " + local + "\n" + log);
            RunSummary stuck = local.get(0);
            assertEquals(RunStatus.HUNG, stuck.status(), stuck.toString());
            assertTrue(stuck.elapsedSeconds() < 8 + 15, "killed near the 8 s timeout: " + stuck.elapsedSeconds());
            assertTrue(stuck.lastEvents().stream().anyMatch(l -> l.contains("\"event\":\"stall\"")),
                    "the writer reported the stall before it was killed: " + stuck + "\n" + log);
            assertTrue(log.contains("here: " + mountpoint + " did not answer within 10 s (a hung mount?) after "
                    + stuck.cell() + " run 1 hung; its other cells there are not sent to it"), log);
            List<String> skipped = Files.readAllLines(journalIn(work.resolve("results"))).stream()
                    .filter(l -> l.contains("\"what\":\"skip\"") && l.contains("not run: " + mountpoint
                            + " did not answer within 10 s")).toList();
            assertEquals(3, skipped.size(), "the three other cells there, each with the reason: " + skipped);
            runs.forEach((cell, list) -> {
                if (cell.startsWith("labh2.")) {
                    assertEquals(RunStatus.CLEAN, list.get(0).status(), "the other host went on: " + list);
                }
            });
            RunnerJar.Result status = runner.run("status");
            assertTrue(status.stdout().contains("held back (3, the next sweep runs them):"), status.stdout());

            System.out.printf("SshSweepIT: a hung mount cost %.1f s from the stop to the sweep's end (timeout 8 s, 4 cells"
                    + " there): %s%n", seconds, log.lines().filter(l -> l.contains("not sent to it")).toList());

            new ProcessBuilder("kill", "-CONT", Long.toString(sshfs.pid())).start().waitFor(); // the server is back
            RunnerJar.Result again = runner.run("sweep", "m.yaml", "--allow-label-mismatch");
            assertEquals(3, again.exit(), "the hung run stays hung, the rest run: " + again.stdout() + again.stderr());
            Map<String, List<RunSummary>> after = summaries("results");
            assertEquals(4, after.keySet().stream().filter(c -> c.startsWith("here.")).count(), after.toString());
            after.forEach((cell, list) -> {
                if (cell.startsWith("here.") && !cell.equals(stuck.cell())) {
                    assertEquals(RunStatus.CLEAN, list.get(0).status(), "run once the mount is back: " + list);
                }
            });
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(sshfs.pid())).start().waitFor();
            sshfs.destroy();
            sshfs.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            new ProcessBuilder("fusermount3", "-u", "-z", mountpoint.toString()).start().waitFor();
        }
    }

    private boolean localWriterIsWriting() throws Exception {
        return ResultFiles.named(work.resolve("results"), "run-001\\.jsonl").stream()
                .filter(f -> f.getParent().getFileName().toString().startsWith("here.")).anyMatch(f -> {
                    try {
                        return Files.readString(f).contains("\"event\":\"iteration\"");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
    }

    private static Path journalIn(Path results) throws Exception {
        if (!Files.isDirectory(results)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.map(d -> d.resolve("journal.jsonl")).filter(Files::exists).findFirst().orElse(null);
        }
    }

    /** A host named by its ssh config alias, reached through a jump host, as engineers already do. */
    @Test
    void aHostIsReachedByItsSshConfigAliasThroughAJumpHost() throws Exception {
        Path config = work.resolve("ssh_config");
        Files.writeString(config, """
                Host fleet-b
                    HostName %s
                    ProxyJump jumpbox
                Host jumpbox
                    HostName %s
                Host *
                    User root
                    IdentityFile %s
                    UserKnownHostsFile %s
                """.formatted(Lab.address(2), Lab.address(1), lab.key(), lab.knownHosts()));
        Files.writeString(work.resolve("m.yaml"), "name: jump\nssh_config: " + config + "\n"
                + "hosts: [{name: b, ssh: fleet-b, storage: {local: /mnt/local/jump}}]\n"
                + "axes: {size: [64KiB]}\nwork: {iterations: 1}\n");

        RunnerJar.Result r = new RunnerJar(work).run("sweep", "m.yaml");

        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("Lab Model 2"), "the preflight reached labh2: " + r.stderr());
        String log = Files.readString(labDir.resolve("labh2/sshd.log"));
        assertTrue(log.contains("Accepted publickey for root from " + Lab.address(1)),
                "labh2 saw the login come from the jump host: " + log);
    }

    /**
     * Read-back from another host: labh1 writes into the shared storage, labh2 verifies from its
     * own mount. A word damaged on the "server" between the two is caught by labh2 at its offset.
     */
    @Test
    void anotherHostReadsBackWhatTheServerStored() throws Exception {
        Files.writeString(work.resolve("m.yaml"), "name: remote\nshared_storage: [nfs]\nhosts:\n"
                + lab.host(1, lab.knownHosts(), "{nfs: /mnt/nfs/remote}")
                + lab.host(2, lab.knownHosts(), "{nfs: /mnt/nfs/remote}")
                + "axes: {host: [labh1], readback: [remote], size: [8MiB]}\nwork: {iterations: 2}\n");
        Path exported = labDir.resolve("shared/remote");
        AtomicReference<Path> flipped = new AtomicReference<>();
        Thread server = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted() && flipped.get() == null) {
                Path f = exported.resolve("bitbisect-labh1.nfs.buffered.8MiB.remote.default.alternating-r1-i1.bin");
                try {
                    if (Files.exists(f) && Files.size(f) == 8 << 20) {
                        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0xffffffff00000000L), 4096);
                        }
                        flipped.set(f);
                    }
                } catch (java.io.IOException racingTheWriter) {
                    // look again
                }
                Thread.onSpinWait();
            }
        });
        server.start();

        RunnerJar.Result r = new RunnerJar(work).run("sweep", "m.yaml", "--allow-label-mismatch");

        server.interrupt();
        server.join();
        assertTrue(flipped.get() != null, "the file was damaged between write and read-back");
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        RunSummary s = summaries("results").get("labh1.nfs.buffered.8MiB.remote.default.alternating").get(0);
        assertEquals(RunStatus.CORRUPT, s.status());
        assertEquals(2, s.iterations());
        assertEquals(1, s.corruptWords());
        assertEquals(2L * (8 << 20), s.bytesVerified());
        assertEquals(List.of("labh1:/mnt/nfs/remote/bitbisect-labh1.nfs.buffered.8MiB.remote.default.alternating-r1-i1.bin"),
                s.kept());
        try (Stream<Path> dirs = Files.list(work.resolve("results"))) {
            Path sweep = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            String events = Files.readString(sweep.resolve("cells/labh1.nfs.buffered.8MiB.remote.default.alternating/run-001.jsonl"));
            assertTrue(events.contains("\"offset\":4096,\"expected\":\"0xffffffffffffffff\",\"actual\":\"0xffffffff00000000\""),
                    events);
            assertTrue(Files.readString(sweep.resolve("hosts/labh2.json")).contains("\"hostname\" : \"labh2\""),
                    "the verifying host's facts are kept too");
        }
        assertTrue(Files.exists(flipped.get()), "the corrupt file is kept as evidence");
        assertFalse(Files.exists(exported.resolve("bitbisect-labh1.nfs.buffered.8MiB.remote.default.alternating-r1-i2.bin")),
                "the clean one is deleted");
    }

    /**
     * RSA keys work, a key with a passphrase takes it from $BITBISECT_SSH_PASSPHRASE, and both log
     * in through ssh-agent when no key file is named.
     */
    @Test
    void rsaKeysKeysWithAPassphraseAndAgentKeysLogIn() throws Exception {
        Path rsa = work.resolve("id_rsa");
        Path locked = work.resolve("id_locked");
        keygen("rsa", rsa, "");
        keygen("ed25519", locked, "correct horse battery");
        Path authorized = labDir.resolve("labh3/authorized_keys");
        Files.writeString(authorized, Files.readString(rsa.resolveSibling("id_rsa.pub"))
                + Files.readString(locked.resolveSibling("id_locked.pub")), StandardOpenOption.APPEND);
        RunnerJar runner = new RunnerJar(work);

        for (Path key : List.of(rsa, locked)) {
            Files.writeString(work.resolve(key.getFileName() + ".yaml"), "name: " + key.getFileName().toString().replace('_', '-')
                    + "\nhosts:\n" + lab.host(3, lab.knownHosts(), "{local: /mnt/local/keys}").replace(lab.key().toString(), key.toString())
                    + "axes: {size: [64KiB]}\nwork: {iterations: 1}\n");
        }

        RunnerJar.Result withRsa = runner.run("sweep", "id_rsa.yaml", "--allow-label-mismatch");
        RunnerJar.Result noPassphrase = runner.run("sweep", "id_locked.yaml", "--allow-label-mismatch", "--results", "r1");
        RunnerJar.Result withPassphrase = runner.run(Map.of("BITBISECT_SSH_PASSPHRASE", "correct horse battery"),
                "sweep", "id_locked.yaml", "--allow-label-mismatch", "--results", "r2");

        assertEquals(0, withRsa.exit(), withRsa.stdout() + withRsa.stderr());
        assertEquals(3, noPassphrase.exit(), noPassphrase.stdout() + noPassphrase.stderr());
        assertTrue(noPassphrase.stderr().contains("$BITBISECT_SSH_PASSPHRASE"), noPassphrase.stderr());
        assertEquals(0, withPassphrase.exit(), withPassphrase.stdout() + withPassphrase.stderr());

        // The same keys held by OpenSSH's ssh-agent (the locked one unlocked when added), and no key file named:
        // the login signs through the agent, RSA with rsa-sha2-256.
        for (Path key : List.of(rsa, locked)) {
            Path socket = work.resolve("agent-" + key.getFileName());
            Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                    Thread.sleep(50);
                }
                Path askpass = work.resolve("askpass.sh");
                Files.writeString(askpass, "#!/bin/sh\necho 'correct horse battery'\n");
                assertTrue(askpass.toFile().setExecutable(true));
                ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
                add.environment().putAll(Map.of("SSH_AUTH_SOCK", socket.toString(), "SSH_ASKPASS", askpass.toString(),
                        "SSH_ASKPASS_REQUIRE", "force", "DISPLAY", ":0"));
                Process adding = add.start();
                String said = new String(adding.getInputStream().readAllBytes());
                assertEquals(0, adding.waitFor(), said);
                String name = "agent-" + key.getFileName().toString().replace('_', '-');
                Files.writeString(work.resolve(name + ".yaml"), "name: " + name + "\nhosts:\n"
                        + lab.host(3, lab.knownHosts(), "{local: /mnt/local/keys}").replace(", identity: " + lab.key(), "")
                        + "axes: {size: [64KiB]}\nwork: {iterations: 1}\n");

                RunnerJar.Result noAgent = runner.run(Map.of("SSH_AUTH_SOCK", ""), "sweep", name + ".yaml",
                        "--allow-label-mismatch", "--results", "r-none-" + name);
                RunnerJar.Result viaAgent = runner.run(Map.of("SSH_AUTH_SOCK", socket.toString()), "sweep", name + ".yaml",
                        "--allow-label-mismatch", "--results", "r-" + name);

                assertEquals(3, noAgent.exit(), "no key without the agent: " + noAgent.stderr());
                assertEquals(0, viaAgent.exit(), viaAgent.stdout() + viaAgent.stderr());
            } finally {
                agent.destroy();
                agent.waitFor();
            }
        }
    }

    private static void keygen(String type, Path file, String passphrase) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-f", file.toString())
                .inheritIO().start();
        assertEquals(0, p.waitFor());
    }

    /**
     * Deaths by signal before the timeout are errors that name the signal, never hung: the writer
     * killed outright (as by the OOM killer: timeout(1) exits 137), and the remote timeout(1)
     * itself dying of a signal (the session ends with that signal, not a status).
     */
    @Test
    void aWriterKilledBeforeItsTimeoutIsAnErrorNamingTheSignal() throws Exception {
        Path killed = work.resolve("java-killed.sh");
        Files.writeString(killed, "#!/bin/sh\nkill -KILL $$\n");
        Path wrapperKilled = work.resolve("java-kills-its-wrapper.sh");
        Files.writeString(wrapperKilled, "#!/bin/sh\nkill -SEGV $PPID\n");
        killed.toFile().setExecutable(true);
        wrapperKilled.toFile().setExecutable(true);
        Files.writeString(work.resolve("m.yaml"), "name: signals\nhosts:\n"
                + lab.host(1, lab.knownHosts(), "{local: /mnt/local/signals}")
                + "axes: {size: [64KiB], variant: [killed, wrapper_killed]}\n"
                + "variants:\n  killed: {java: " + killed + "}\n  wrapper_killed: {java: " + wrapperKilled + "}\n"
                + "work: {iterations: 1}\nrun: {seed: 6, timeout: 1m}\n");

        RunnerJar.Result r = new RunnerJar(work).run("sweep", "m.yaml", "--allow-label-mismatch");

        assertEquals(3, r.exit(), r.stdout() + r.stderr());
        Map<String, List<RunSummary>> runs = summaries("results");
        RunSummary k = runs.get("labh1.local.buffered.64KiB.cached.killed.alternating").get(0);
        assertEquals(RunStatus.ERROR, k.status(), k.toString());
        assertEquals(137, k.exitCode());
        assertTrue(k.message().endsWith("without its end event (killed by signal 9)"), k.message());
        RunSummary w = runs.get("labh1.local.buffered.64KiB.cached.wrapper_killed.alternating").get(0);
        assertEquals(RunStatus.ERROR, w.status(), w.toString());
        assertEquals(139, w.exitCode());
        assertTrue(w.message().endsWith("(killed by signal 11)"), w.message());
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

    /**
     * A storage path with spaces and letters beyond ASCII, on a host whose remote shell sets no
     * locale (the lab's sshd passes none): the writer's JVM names its files in UTF-8 as written.
     */
    @Test
    void aPathBeyondAsciiIsUsedAsWrittenWhateverTheRemoteLocale() throws Exception {
        String path = "/mnt/local/bit bisect \u00fc\u00f1\u00e9";
        Files.writeString(work.resolve("m.yaml"), "name: names\nhosts:\n"
                + lab.host(3, lab.knownHosts(), "{local: '" + path + "'}")
                + "axes: {size: [64KiB], sync: [buffered, osync]}\nwork: {iterations: 1}\n");

        RunnerJar.Result r = new RunnerJar(work).run("sweep", "m.yaml", "--allow-label-mismatch");

        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("clean 2, corrupt 0, error 0"), r.stdout());
        String events = Files.readString(Files.list(work.resolve("results")).findFirst().orElseThrow()
                .resolve("cells/labh3.local.buffered.64KiB.cached.default.alternating/run-001.jsonl"));
        assertTrue(events.contains("\"path\":\"" + path + "/bitbisect-"), events);
    }
}
