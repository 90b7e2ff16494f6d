package bitbisect.runner.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How axes, include and exclude become cells, and how cells are named. */
class ExpansionTest {

    private static final String FLEET = """
            hosts:
              - name: r620
                labels: {model: R620, kernel: "3.10"}
                storage: {local: /scratch/bb, nfs: /mnt/nfs/bb}
              - name: r630
                labels: {model: R630, kernel: "5.1"}
                storage: {local: /scratch/bb, nfs: /mnt/nfs/bb}
            axes:
              storage: [local, nfs]
              sync: [buffered, osync]
              size: [1MiB, 64MiB]
            """;

    private static Set<String> ids(Matrix m) {
        return m.cells().stream().map(Cell::id).collect(Collectors.toSet());
    }

    @Test
    void theFullProductInAxisOrder() throws Exception {
        Matrix m = MatrixLoaderTest.parse(FLEET);

        assertEquals(2 * 2 * 2 * 2, m.cells().size());
        Cell first = m.cells().get(0);
        assertEquals(List.of("host", "model", "kernel", "storage", "sync", "size", "readback", "variant", "pattern"),
                List.copyOf(first.coordinates().keySet()));
        assertEquals("r620.local.buffered.1MiB.cached.default.alternating", first.id());
        assertEquals("3.10", first.get("kernel"));
    }

    @Test
    void excludeRemovesEveryCellMatchingAllItsKeysIncludingLabels() throws Exception {
        Matrix m = MatrixLoaderTest.parse(FLEET + "exclude:\n  - {kernel: \"5.1\", sync: osync}\n  - {size: 64MiB, storage: local}\n");

        assertEquals(16 - 4 - 4 + 1, m.cells().size()); // each removes 4; r630.local.osync.64MiB is in both
        assertFalse(m.cells().stream().anyMatch(c -> c.get("kernel").equals("5.1") && c.sync().equals("osync")));
        assertFalse(m.cells().stream().anyMatch(c -> c.size().equals("64MiB") && c.storage().equals("local")));
    }

    @Test
    void includeAddsValuesOnlyWhereItSays() throws Exception {
        Matrix m = MatrixLoaderTest.parse(FLEET + "include:\n  - {storage: nfs, size: 1GiB, sync: buffered}\n");

        List<Cell> big = m.cells().stream().filter(c -> c.size().equals("1GiB")).toList();
        assertEquals(2, big.size(), "one per host");
        assertTrue(big.stream().allMatch(c -> c.storage().equals("nfs") && c.sync().equals("buffered")));
        assertEquals(List.of("1MiB", "64MiB", "1GiB"),
                m.axes().stream().filter(a -> a.name().equals("size")).findFirst().orElseThrow().values());
    }

    @Test
    void includeByLabelPicksTheHostsWithIt() throws Exception {
        Matrix m = MatrixLoaderTest.parse(FLEET + "include:\n  - {kernel: \"5.1\", storage: nfs, size: 1MiB, sync: buffered,"
                + " pattern: offset}\n");

        List<Cell> added = m.cells().stream().filter(c -> c.pattern().equals("offset")).toList();
        assertEquals(1, added.size());
        assertEquals("r630", added.get(0).host());
    }

    @Test
    void includeOfAnExistingCombinationAddsNothing() throws Exception {
        Matrix m = MatrixLoaderTest.parse(FLEET + "include:\n  - {storage: nfs, size: 1MiB}\n");
        assertEquals(16, m.cells().size());
    }

    @Test
    void idsAreTheSameForTheSameCoordinatesHoweverSizesAreSpelled() throws Exception {
        Set<String> a = ids(MatrixLoaderTest.parse(FLEET));
        Set<String> b = ids(MatrixLoaderTest.parse(FLEET.replace("[1MiB, 64MiB]", "[1048576, 64M]")
                .replace("storage: [local, nfs]", "storage: [nfs, local]")));
        assertEquals(a, b);
        assertTrue(a.contains("r630.nfs.osync.64MiB.cached.default.alternating"));
    }

    @Test
    void idsReduceOddCharactersSoTheyAreSafeOnCommandLinesAndAsDirectoryNames() throws Exception {
        Matrix m = MatrixLoaderTest.parse("hosts: [{name: node7.example.org, storage: {nfs: /mnt/nfs}}]\n"
                + "axes:\n  pattern: [\"random:42\"]\n");
        assertEquals("node7-example-org.nfs.buffered.64MiB.cached.default.random-42", m.cells().get(0).id());
    }

    @Test
    void twoCellsThatWouldShareAnIdAreRefused() {
        MatrixError.Problem p = MatrixLoaderTest.onlyProblem(
                "hosts: [{name: a.b, storage: {nfs: /mnt}}, {name: a-b, storage: {nfs: /mnt}}]\n");
        assertTrue(p.message().contains("two cells get the same id a-b.nfs"), p.toString());
    }
}
