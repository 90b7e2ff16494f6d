package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.matrix.MatrixLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhereTest {

    private static Matrix matrix() throws Exception {
        return MatrixLoader.parse("m.yaml", "m", """
                hosts:
                  - {name: a, labels: {kernel: "3.10"}, storage: {nfs: /mnt/nfs}}
                  - {name: b, labels: {kernel: "5.1"}, storage: {nfs: /mnt/nfs}}
                axes: {sync: [buffered, fsync, osync], size: [1MiB, 2MiB]}
                """);
    }

    private static List<String> select(String where) throws Exception {
        Matrix m = matrix();
        Where w = Where.parse(where, m);
        return m.cells().stream().filter(w::matches).map(Cell::id).toList();
    }

    @Test
    void differentKeysMustAllMatch() throws Exception {
        assertEquals(List.of("b.nfs.buffered.1MiB.cached.default.alternating", "b.nfs.buffered.2MiB.cached.default.alternating"),
                select("kernel=5.1,sync=buffered"));
    }

    @Test
    void oneKeyGivenTwiceMatchesEitherValue() throws Exception {
        assertEquals(4, select("kernel=5.1,sync=buffered,sync=fsync").size());
    }

    @Test
    void nothingGivenMatchesEverything() throws Exception {
        assertEquals(12, select(null).size());
    }

    @Test
    void anUnknownAxisIsNamedWithTheAxesThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> select("kernal=5.1"));
        assertTrue(e.getMessage().contains("'kernal' is not an axis of this matrix (axes: host, kernel, storage"),
                e.getMessage());
    }

    @Test
    void aValueTheAxisDoesNotHaveIsNamedWithTheValuesThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> select("kernel=9.9"));
        assertEquals("'9.9' is not a value of kernel in this matrix (values: 3.10, 5.1)", e.getMessage());
    }
}
