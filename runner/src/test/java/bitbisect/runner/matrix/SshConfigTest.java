package bitbisect.runner.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {

    private static final SshConfig CONFIG = SshConfig.parse(List.of(
            "# fleet",
            "Host r630-a",
            "    HostName 10.1.2.3",
            "Host r630-* !r630-b",
            "    User root",
            "    Port=2222",
            "    IdentityFile ~/.ssh/fleet_ed25519",
            "    ProxyJump bastion",
            "Host r630-a",
            "    HostName 10.9.9.9",
            "Host bastion",
            "    HostName bastion.example.org",
            "    User jump",
            "Match host foo",
            "    User nobody",
            "Host *",
            "    User everyone"));

    @Test
    void theFirstValueOfEachKeywordWinsAcrossMatchingBlocks() {
        SshConfig.Settings s = CONFIG.resolve("r630-a");
        assertEquals("10.1.2.3", s.hostName());
        assertEquals("root", s.user());
        assertEquals(2222, s.port());
        assertEquals(List.of(System.getProperty("user.home") + "/.ssh/fleet_ed25519"), s.identityFiles());
        assertEquals("bastion", s.proxyJump());
    }

    @Test
    void aNegatedPatternExcludesAHost() {
        SshConfig.Settings s = CONFIG.resolve("r630-b");
        assertNull(s.hostName());
        assertEquals("everyone", s.user());
        assertNull(s.proxyJump());
    }

    @Test
    void matchBlocksApplyInPlaceToWhatIsResolvedSoFar() {
        assertEquals("nobody", CONFIG.resolve("foo").user());
        SshConfig config = SshConfig.parse(List.of(
                "Host node*",
                "    HostName %h.cluster.example.org",
                "Match host *.cluster.example.org !user admin",
                "    User hunter",
                "    Port 2200",
                "Match originalhost node7 final",
                "    IdentityFile ~/.ssh/node7",
                "Match exec \"test -e /etc/x\"",
                "    Port 1",
                "Match user hunter localuser " + System.getProperty("user.name"),
                "    ProxyJump login1",
                "Match all",
                "    IdentityFile ~/.ssh/everyone"));
        SshConfig.Settings node7 = config.resolve("node7");
        assertEquals("node7.cluster.example.org", node7.hostName());
        assertEquals("hunter", node7.user());
        assertEquals(2200, node7.port(), "exec is not evaluated: never matches");
        assertEquals("login1", node7.proxyJump());
        String home = System.getProperty("user.home");
        assertEquals(List.of(home + "/.ssh/node7", home + "/.ssh/everyone"), node7.identityFiles());
        SshConfig.Settings other = config.resolve("login9");
        assertNull(other.user());
        assertNull(other.proxyJump());
        assertEquals(List.of(home + "/.ssh/everyone"), other.identityFiles());
    }

    @Test
    void anUnknownMatchCriterionIsAnErrorNamingTheLine() {
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> SshConfig.parse(List.of("Match hots foo", "    User x")));
        assertTrue(e.getMessage().contains("\"Match hots foo\": unknown Match criterion hots"), e.getMessage());
    }

    @Test
    void aMatrixHostNamedByItsAliasGetsTheConfigsSettingsAndItsJumpHost(@TempDir Path dir) throws Exception {
        Path config = Files.write(dir.resolve("config"), List.of(
                "Host r630-a", "  HostName 10.1.2.3", "  User root", "  ProxyJump admin@bastion:2200",
                "Host bastion", "  HostName 192.0.2.7"));
        Matrix m = MatrixLoader.parse("m.yaml", "m", "ssh_config: " + config + "\n"
                + "hosts: [{name: a, ssh: r630-a, storage: {nfs: /mnt/nfs}}, {name: b, ssh: {address: r630-a, user: me,"
                + " proxy_jump: none}, storage: {nfs: /mnt/nfs}}]\n");

        Matrix.Ssh a = m.host("a").orElseThrow().ssh();
        assertEquals("10.1.2.3", a.address());
        assertEquals("root", a.user());
        assertEquals(22, a.port());
        assertEquals("192.0.2.7", a.jump().address());
        assertEquals("admin", a.jump().user());
        assertEquals(2200, a.jump().port());
        assertNull(a.jump().jump());

        Matrix.Ssh b = m.host("b").orElseThrow().ssh();
        assertEquals("me", b.user(), "the matrix wins over the config");
        assertNull(b.jump(), "proxy_jump: none turns the config's jump off");
    }

    @Test
    void aChainOfJumpsIsTakenInOrder() throws Exception {
        Matrix m = MatrixLoader.parse("m.yaml", "m", "ssh_config: /nonexistent/config\n"
                + "hosts: [{name: a, ssh: {address: target, proxy_jump: \"first,second\"}, storage: {nfs: /mnt/nfs}}]\n");

        Matrix.Ssh a = m.host("a").orElseThrow().ssh();
        assertEquals("second", a.jump().address(), "the target is reached from the last hop");
        assertEquals("first", a.jump().jump().address());
    }

    @Test
    void includedFilesAreReadInPlaceAndIdentityFilesAddUpWithTheirTokensExpanded(@TempDir Path dir) throws Exception {
        Path confD = Files.createDirectories(dir.resolve("config.d"));
        Files.write(confD.resolve("10-fleet.conf"), List.of("Host r630-*", "  User root",
                "  IdentityFile %d/keys/%r@%h"));
        Files.write(confD.resolve("20-ignored.txt"), List.of("Host *", "  User wrong"));
        Path config = Files.write(dir.resolve("config"), List.of(
                // relative Include paths are under ~/.ssh, as in ssh: this one is absolute
                "Host r630-a", "  HostName %h.lab.example", "Include " + confD + "/*.conf",
                "Host *", "  IdentityFile ~/.ssh/id_site", "  User everyone"));
        Matrix m = MatrixLoader.parse("m.yaml", "m", "ssh_config: " + config + "\n"
                + "hosts: [{name: a, ssh: r630-a, storage: {nfs: /mnt/nfs}}]\n");

        Matrix.Ssh a = m.host("a").orElseThrow().ssh();
        assertEquals("r630-a.lab.example", a.address());
        assertEquals("root", a.user(), "from the included file, before Host *");
        String home = System.getProperty("user.home");
        assertEquals(List.of(Path.of(home + "/keys/root@r630-a.lab.example"), Path.of(home + "/.ssh/id_site")),
                a.identities(), "every IdentityFile, in order, offered in turn");
    }

    @Test
    void theUserConfigComesBeforeTheSystemOne(@TempDir Path dir) throws Exception {
        Path user = Files.write(dir.resolve("user"), List.of("Host *", "  User me"));
        Path system = Files.write(dir.resolve("system"), List.of("Host *", "  User root", "  Port 2022"));

        SshConfig.Settings s = SshConfig.userThenSystem(user, system).resolve("anything");

        assertEquals("me", s.user());
        assertEquals(2022, s.port(), "what the user's config leaves open, the system's says");
    }

    @Test
    void tokensAreExpandedAndAPercentSignIsKept() {
        assertEquals("/k/bob@h.example:22%", SshConfig.tokens("/k/%r@%h:%p%%", "h", "h.example", 22, "bob"));
    }
}
