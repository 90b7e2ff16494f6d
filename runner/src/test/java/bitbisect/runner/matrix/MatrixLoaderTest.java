package bitbisect.runner.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing and every validation error, each with the line and column it points at. */
class MatrixLoaderTest {

    private static final String HOSTS = """
            hosts:
              - name: a
                labels: {model: R620, kernel: "3.10"}
                storage: {local: /scratch/bb, nfs: /mnt/nfs/bb}
              - name: b
                labels: {model: R630, kernel: "5.1"}
                storage: {local: /scratch/bb, nfs: /mnt/nfs/bb}
            """;

    static Matrix parse(String yaml) throws MatrixError {
        return MatrixLoader.parse("m.yaml", "m", yaml);
    }

    static MatrixError.Problem onlyProblem(String yaml) {
        MatrixError e = assertThrows(MatrixError.class, () -> parse(yaml));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    static void assertProblem(String yaml, int line, int column, String text) {
        MatrixError.Problem p = onlyProblem(yaml);
        assertEquals(line + ":" + column, p.line() + ":" + p.column(), p.toString());
        assertTrue(p.message().contains(text), () -> "'" + text + "' not in: " + p);
        assertTrue(p.toString().startsWith("m.yaml:" + line + ":" + column + ": "), p.toString());
    }

    @Test
    void theDefaultMatrixAndTheFleetExampleLoad() throws Exception {
        Matrix local = MatrixLoader.load(Path.of("../matrix.yaml"));
        assertEquals("local", local.name());
        assertEquals(2 * 5 * 2 * 2, local.cells().size());

        Matrix fleet = MatrixLoader.load(Path.of("../examples/fleet.yaml"));
        assertEquals(List.of("host", "model", "kernel", "storage", "sync", "size", "readback", "variant", "pattern"),
                fleet.axisNames());
        // 6 hosts x 2 storages x 2 syncs x 3 sizes x 2 readbacks x 3 variants, less local 1GiB, plus 2 included
        assertEquals(6 * 2 * 2 * 3 * 2 * 3 - 6 * 2 * 2 * 3 + 2, fleet.cells().size());
        assertEquals(20200615L, fleet.run().seed());
        assertEquals("/opt/jdk-17/bin/java", fleet.host("c6320-b").orElseThrow().java());

        Matrix slurm = MatrixLoader.load(Path.of("../examples/slurm.yaml"));
        assertEquals(List.of("n1", "n2", "n3"), slurm.hosts().stream().map(Matrix.Host::name).toList());
        assertEquals(Duration.ofMinutes(30), slurm.host("n2").orElseThrow().slurm().time());
    }

    @Test
    void aSlurmFleetIsOneHostPerNodeNamedAfterIt() throws Exception {
        Matrix m = parse("""
                hosts:
                  - slurm: {nodes: "n[1-3],gpu[08-09]", partition: batch, account: io, qos: long, time: 90m,
                            extra: [--constraint=r630]}
                    labels: {kernel: "5.1"}
                    storage: {local: /scratch/bb}
                  - name: login
                    slurm: {node: n9}
                    labels: {kernel: "5.5"}
                    storage: {local: /scratch/bb}
                """);
        assertEquals(List.of("n1", "n2", "n3", "gpu08", "gpu09", "login"), m.hosts().stream().map(Matrix.Host::name).toList());
        Matrix.Slurm gpu = m.host("gpu09").orElseThrow().slurm();
        assertEquals(new Matrix.Slurm("gpu09", "batch", "io", "long", Duration.ofMinutes(90), List.of("--constraint=r630")), gpu);
        assertEquals("n9", m.host("login").orElseThrow().slurm().node());
        assertEquals("5.1", m.host("n2").orElseThrow().labels().get("kernel"));
    }

    @Test
    void slurmMistakesAreSaidOnceEachAtTheirEntry() {
        MatrixError e = assertThrows(MatrixError.class, () -> parse("""
                hosts:
                  - slurm: {nodes: "n[1-64]", time: soon, extra: [constraint=r630]}
                    storage: {local: /scratch/bb}
                  - name: x
                    ssh: x
                    slurm: {node: n1, nodes: "n[2-3]"}
                    storage: {local: /scratch/bb}
                  - slurm: {nodes: "n[5-3]"}
                    storage: {local: /scratch/bb}
                """));
        String all = e.getMessage();
        assertEquals(5, e.problems().size(), all);
        assertTrue(all.contains("m.yaml:2:31: 'soon' is not a duration"), all);
        assertTrue(all.contains("\"constraint=r630\" is not an sbatch flag"), all);
        assertTrue(all.contains("over ssh or through slurm, not both"), all);
        assertTrue(all.contains("slurm needs node (one node, e.g. node: n1) or nodes"), all);
        assertTrue(all.contains("m.yaml:8:13: range 5-3 runs backwards"), all);
    }

    @Test
    void defaultsFillWhatIsLeftOut() throws Exception {
        Matrix m = parse("hosts: [{name: h, storage: {local: /tmp/bb}}]");
        assertEquals(1, m.cells().size());
        Cell c = m.cells().get(0);
        assertEquals("h.local.buffered.64MiB.cached.default.alternating", c.id());
        assertEquals(10L, m.work().iterations());
        assertEquals(1 << 20, m.work().block());
        assertEquals(Duration.ofMinutes(10), m.run().timeout());
    }

    @Test
    void unknownKey() {
        assertProblem(HOSTS.replace("    storage: {local: /scratch/bb, nfs: /mnt/nfs/bb}\n  - name: b",
                "    storage: {local: /scratch/bb, nfs: /mnt/nfs/bb}\n    jmup: 3\n  - name: b"), 5, 5,
                "unknown key \"jmup\" at hosts[0].jmup; known keys here: java, labels, name, slurm, ssh, storage");
    }

    @Test
    void labelsKeepTheirTextEvenWhenYamlWouldReadANumberOrABoolean() throws Exception {
        Matrix m = parse(HOSTS.replace("kernel: \"5.1\"", "kernel: 5.10").replace("model: R620", "model: NO"));
        assertEquals("5.10", m.host("b").orElseThrow().labels().get("kernel"));
        assertEquals("NO", m.host("a").orElseThrow().labels().get("model"));
    }

    @Test
    void everyUnknownKeyIsListedInOneRun() {
        MatrixError e = assertThrows(MatrixError.class, () -> parse("hosts:\n  - name: h\n    jmup: 3\n"
                + "    storage: {local: /tmp/x}\naxis: {size: [1MiB]}\nwork: {iteratons: 3}\n"));
        assertEquals(List.of(
                "m.yaml:3:5: unknown key \"jmup\" at hosts[0].jmup; known keys here: java, labels, name, slurm, ssh, storage",
                "m.yaml:5:1: unknown key \"axis\"; known keys here: axes, exclude, hosts, include, name, run,"
                        + " shared_storage, ssh_config, variants, work",
                "m.yaml:6:8: unknown key \"iteratons\" at work.iteratons; known keys here: block, duration, iterations,"
                        + " keep_corrupt, max_events, replicates"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void everyValueOfTheWrongShapeIsListedInOneRun() {
        MatrixError e = assertThrows(MatrixError.class, () -> parse("hosts:\n  - name: [h]\n"
                + "    storage: {local: /tmp/x}\naxes: {size: 1MiB}\nwork: {iterations: lots}\n"));
        assertEquals(List.of(
                "m.yaml:2:5: wrong type at hosts[0].name: expected a single value",
                "m.yaml:4:8: wrong type at axes.size: expected a list, e.g. [a, b]",
                "m.yaml:5:8: wrong type at work.iterations: expected a whole number"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void anEmptyFileOrOneOfCommentsSaysSo() {
        for (String text : List.of("", "# nothing yet\n\n")) {
            MatrixError.Problem p = onlyProblem(text);
            assertTrue(p.message().startsWith("the file is empty"), p.toString());
        }
    }

    @Test
    void anchorsAndAliasesAreRefusedByName() {
        assertProblem("base: &store {local: /tmp/x}\nhosts: [{name: h, storage: *store}]\n", 1, 7,
                "YAML anchors and aliases (&name, *name, <<: *name) are not supported");
    }

    @Test
    void anUnclosedBracketNamesTheCauseAndWhereTheBracketOpened() {
        assertProblem("hosts: [{name: h, storage: {local: /tmp/x}}\naxes: {size: [1MiB]}\n", 1, 44,
                "not valid YAML: expected ',' or ']', but got <scalar> (while parsing a flow sequence from line 1,"
                        + " column 8)");
    }

    @Test
    void aBinaryFileIsNotATextFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.write(dir.resolve("m.yaml"), new byte[] {(byte) 0x7f, 'E', 'L', 'F', (byte) 0xff,
                (byte) 0xfe, 0, 1});
        MatrixError e = assertThrows(MatrixError.class, () -> MatrixLoader.load(file));
        assertTrue(e.getMessage().contains("not a text file (a matrix is YAML in UTF-8)"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsAProblemNotASilentOverride() {
        assertProblem(HOSTS + "axes:\n  sync: [buffered]\n  size: [1MiB]\n  sync: [osync]\n", 11, 7,
                "the key \"sync\" is given twice in one mapping; keep one (YAML would silently use the last)");
    }

    @Test
    void wrongTypeForAList() {
        assertProblem(HOSTS + "axes:\n  sync: buffered\n", 9, 3, "wrong type at axes.sync: expected a list, e.g. [a, b]");
    }

    @Test
    void unparseableSize() {
        assertProblem(HOSTS + "axes:\n  storage: [local]\n  size: [64MiB, 12MB]\n", 10, 17,
                "'12MB' is not a size (decimal units are ambiguous");
    }

    @Test
    void sizeNotAMultipleOfEight() {
        assertProblem(HOSTS + "axes:\n  storage: [local]\n  size: [100]\n", 10, 10, "must be a positive multiple of 8");
    }

    @Test
    void aStorageAHostHasNoDirectoryFor() {
        String yaml = """
                hosts:
                  - name: a
                    storage: {local: /scratch/bb}
                  - name: b
                    storage: {local: /scratch/bb, nfs: /mnt/nfs/bb}
                axes:
                  storage: [local, nfs]
                """;
        assertProblem(yaml, 7, 20, "host a has no directory for storage \"nfs\": add it under hosts[0].storage,"
                + " or exclude {host: a, storage: nfs}");
    }

    @Test
    void excludingTheMissingStorageMakesItValid() throws Exception {
        String yaml = """
                hosts:
                  - name: a
                    storage: {local: /scratch/bb}
                  - name: b
                    storage: {local: /scratch/bb, nfs: /mnt/nfs/bb}
                axes:
                  storage: [local, nfs]
                exclude:
                  - {host: a, storage: nfs}
                """;
        assertEquals(3, parse(yaml).cells().size());
    }

    @Test
    void directIoWithAnUnalignedSize() {
        assertProblem(HOSTS + "axes:\n  storage: [local]\n  sync: [buffered, direct]\n  size: [4MiB, 1000]\n",
                11, 16, "O_DIRECT needs sizes and work.block that are multiples of 4096 bytes; size 1000");
    }

    @Test
    void anEmptyMatrixAfterExcludes() {
        assertProblem(HOSTS + "axes:\n  storage: [local]\nexclude:\n  - {storage: local}\n", 10, 1,
                "the matrix has no cells left after exclude");
    }

    @Test
    void duplicateHostNames() {
        assertProblem(HOSTS.replace("name: b", "name: a"), 5, 5, "host name \"a\" is used twice (also hosts[0])");
    }

    @Test
    void unknownSyncModeAndPatternAndVariant() {
        assertProblem(HOSTS + "axes:\n  storage: [local]\n  sync: [buffered, nosync]\n", 10, 20,
                "unknown sync mode 'nosync'");
        assertProblem(HOSTS + "axes:\n  storage: [local]\n  pattern: [zigzag]\n", 10, 13, "unknown pattern 'zigzag'");
        assertProblem(HOSTS + "axes:\n  storage: [local]\n  variant: [fast]\n", 10, 13, "no variant named \"fast\"");
    }

    @Test
    void iterationsAndDurationTogether() {
        assertProblem(HOSTS + "axes:\n  storage: [local]\nwork:\n  iterations: 5\n  duration: 10m\n", 12, 3,
                "give work.iterations or work.duration, not both");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        MatrixError e = assertThrows(MatrixError.class, () -> parse(HOSTS.replace("name: b", "name: a")
                + "axes:\n  storage: [local]\n  size: [12MB]\n  sync: [nosync]\nrun:\n  timeout: soon\n"));
        assertEquals(4, e.problems().size(), e.getMessage());
    }

    @Test
    void anUnknownKeyInAnExcludeEntry() {
        assertProblem(HOSTS + "axes:\n  storage: [local]\nexclude:\n  - {kernal: \"5.1\"}\n", 11, 6,
                "\"kernal\" is not an axis (axes: host, storage, sync, size, readback, variant, pattern, model, kernel)");
    }

    @Test
    void hostsWithDifferentLabelNames() {
        assertProblem(HOSTS.replace("labels: {model: R630, kernel: \"5.1\"}", "labels: {model: R630}"), 6, 5,
                "every host needs the same label names");
    }

    @Test
    void remoteReadBackNeedsASharedStorageAndASecondHost() {
        assertProblem(HOSTS + "axes:\n  storage: [nfs]\n  readback: [cached, remote]\n", 10, 3,
                "readback remote needs storage \"nfs\" to be the same export on every host: list it under shared_storage");
        assertProblem("shared_storage: [nfs]\nhosts: [{name: a, storage: {nfs: /mnt/nfs}}]\naxes: {readback: [remote]}\n",
                3, 8, "readback remote needs a second host with storage \"nfs\"");
        assertProblem(HOSTS + "shared_storage: [nfs]\naxes:\n  storage: [nfs]\n  readback: [\"remote:zz\"]\n", 11, 14,
                "no host named \"zz\" to read back from");
    }

    @Test
    void remoteReadBackIsVerifiedByTheNextHostWithTheStorageOrTheOneNamed() throws Exception {
        Matrix m = parse(HOSTS + "shared_storage: [nfs]\naxes:\n  storage: [nfs]\n  readback: [remote, \"remote:a\"]\n");
        Cell fromA = m.cell("a.nfs.buffered.64MiB.remote.default.alternating").orElseThrow();
        Cell fromB = m.cell("b.nfs.buffered.64MiB.remote.default.alternating").orElseThrow();
        assertEquals("b", m.verifier(fromA).name());
        assertEquals("a", m.verifier(fromB).name());
        assertEquals("a", m.verifier(m.cell("b.nfs.buffered.64MiB.remote-a.default.alternating").orElseThrow()).name());
    }

    @Test
    void notYaml() {
        MatrixError.Problem p = onlyProblem("hosts:\n  - name: a\n  storage: {local: /x\n");
        assertTrue(p.message().startsWith("not valid YAML"), p.toString());
        assertTrue(p.line() > 0, p.toString());
    }

    /** Names become paths in the results: each unsafe one is a matrix error pointing at it. */
    @Test
    void namesThatWouldBecomeUnsafePathsAreRefused() {
        assertProblem(HOSTS.replace("name: b", "name: \"../../../x\""), 5, 5,
                "host name \"../../../x\" may hold only letters, digits");
        assertProblem(HOSTS.replace("name: b", "name: \"a b$(id)\""), 5, 5, "host name \"a b$(id)\"");
        assertProblem(HOSTS.replace("name: b", "name: \"-rf\""), 5, 5, "must start with a letter or digit");
        assertProblem("hosts: [{name: h, storage: {\"../up\": /tmp/bb}}]\n", 1, 29, "storage name \"../up\"");
        assertProblem(HOSTS + "variants:\n  \"x/../y\": {}\naxes: {storage: [local]}\n", 9, 3,
                "variant name \"x/../y\"");
        assertProblem("name: \"..\"\nhosts: [{name: h, storage: {local: /tmp/bb}}]\n", 1, 1, "name \"..\"");
    }

    @Test
    void anIncludedVariantMustBeDefined() {
        assertProblem(HOSTS + "axes: {storage: [local]}\ninclude: [{variant: typo}]\n", 9, 12,
                "no variant named \"typo\" is defined");
    }
}
