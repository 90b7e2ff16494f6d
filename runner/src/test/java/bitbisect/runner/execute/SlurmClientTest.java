package bitbisect.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import bitbisect.runner.matrix.Matrix;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What bitbisect reads from Slurm's one-line records, and the sbatch flags it writes. */
class SlurmClientTest {

    @Test
    void fieldsOfAOneLineRecordKeepValuesWithSpaces() {
        Map<String, String> f = SlurmClient.fields("NodeName=n2 Arch=x86_64 CoresPerSocket=1 State=DOWN+NOT_RESPONDING"
                + " Reason=taken down by a test [root@2026-11-30T11:25:05] Comment=(null)");
        assertEquals("n2", f.get("NodeName"));
        assertEquals("DOWN+NOT_RESPONDING", f.get("State"));
        assertEquals("taken down by a test [root@2026-11-30T11:25:05]", f.get("Reason"));
        SlurmClient.Node node = new SlurmClient.Node("n2", f.get("State"), f.get("Reason"), List.of());
        assertEquals("node n2 is DOWN+NOT_RESPONDING (taken down by a test [root@2026-11-30T11:25:05])", node.unusable());
        assertNull(new SlurmClient.Node("n1", "IDLE", null, List.of()).unusable());
        assertEquals("node n3 is IDLE+DRAIN (disk)", new SlurmClient.Node("n3", "IDLE+DRAIN", "disk", List.of()).unusable());
    }

    @Test
    void featuresSpellLabels() {
        SlurmClient.Node n = new SlurmClient.Node("n1", "IDLE", null, List.of("r630", "kernel_5.1", "model=R630", "ib"));
        assertEquals(Map.of("kernel", "5.1", "model", "R630"), n.labels(List.of("kernel", "model", "rack")));
    }

    @Test
    void jobStatesSortIntoRunningWaitingAndEnded() {
        assertEquals(List.of(true, false, false), kinds("RUNNING"));
        assertEquals(List.of(false, true, false), kinds("PENDING"));
        assertEquals(List.of(false, false, true), kinds("COMPLETING"));
        for (String ended : List.of("TIMEOUT", "NODE_FAIL", "CANCELLED", "PREEMPTED", "COMPLETED", "FAILED")) {
            assertEquals(List.of(false, false, false), kinds(ended), ended);
        }
    }

    private static List<Boolean> kinds(String state) {
        SlurmClient.Job j = new SlurmClient.Job("17", state, "None", "n1");
        return List.of(j.running(), j.waiting(), j.ending());
    }

    @Test
    void oneNodeAloneUnlessTheSiteFlagsSayOtherwise() {
        Matrix.Slurm plain = new Matrix.Slurm("n1", "batch", "io", null, Duration.ofMinutes(90), List.of());
        assertEquals(List.of("--job-name=bitbisect-s", "--nodelist=n1", "--nodes=1", "--ntasks=1", "--no-requeue",
                "--output=/dev/null", "--exclusive", "--partition=batch", "--account=io", "--time=1:30:00"),
                SlurmExecutor.sbatchFlags("bitbisect-s", plain));
        Matrix.Slurm shared = new Matrix.Slurm("n1", null, null, "long", null, List.of("--oversubscribe"));
        assertEquals(List.of("--job-name=j", "--nodelist=n1", "--nodes=1", "--ntasks=1", "--no-requeue",
                "--output=/dev/null", "--qos=long", "--oversubscribe"), SlurmExecutor.sbatchFlags("j", shared));
    }
}
