package bitbisect.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.matrix.MatrixLoader;
import bitbisect.runner.store.SweepRecord.PlannedRun;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {

    private static Matrix matrix(long seed, int replicates) throws Exception {
        return MatrixLoader.parse("m.yaml", "m", "hosts: [{name: h, storage: {local: /tmp/bb}}]\n"
                + "axes:\n  sync: [buffered, fsync, osync, odsync]\n  size: [1MiB, 2MiB, 4MiB]\n"
                + "work:\n  replicates: " + replicates + "\nrun:\n  seed: " + seed + "\n");
    }

    @Test
    void everyCellRunsReplicatesTimesInAnOrderFixedByTheSeed() throws Exception {
        List<PlannedRun> plan = Sweep.plan(matrix(7, 2));

        assertEquals(24, plan.size());
        assertEquals(24, new HashSet<>(plan).size());
        assertEquals(plan, Sweep.plan(matrix(7, 2)), "same seed, same order");
        assertNotEquals(plan, Sweep.plan(matrix(8, 2)), "another seed, another order");
    }
}
