package bitbisect.writer.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {

    private static final List<String> MOUNTINFO = List.of(
            "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard",
            "25 22 0:23 / /dev/shm rw,nosuid,nodev shared:3 - tmpfs tmpfs rw,size=24684092k",
            "40 22 0:41 / /mnt/nfs rw,relatime shared:20 - nfs4 srv:/export rw,vers=4.2,rsize=1048576,wsize=1048576,"
                    + "hard,proto=tcp,timeo=600,retrans=2,sec=sys",
            "41 40 0:42 / /mnt/nfs/scratch\\040space rw,relatime - nfs srv:/other rw,vers=3,wsize=65536",
            "42 22 0:43 / /mnt/nfs2 rw - tmpfs under rw",
            "43 22 0:44 / /mnt/nfs2 rw - tmpfs ontop rw",
            "not a mount line");

    private final MountTable table = MountTable.parse(MOUNTINFO);

    @Test
    void theLongestMountPointPrefixHoldsThePath() {
        MountTable.Mount m = table.holding("/mnt/nfs/bitbisect/t.bin");
        assertEquals("/mnt/nfs", m.mountPoint());
        assertEquals("nfs4", m.fsType());
        assertEquals("srv:/export", m.source());
        assertEquals("rw,relatime", m.options());
        assertEquals("rw,vers=4.2,rsize=1048576,wsize=1048576,hard,proto=tcp,timeo=600,retrans=2,sec=sys",
                m.superOptions());
    }

    @Test
    void aPrefixMustEndAtAPathSeparator() {
        assertEquals("/", table.holding("/mnt/nfsother/x").mountPoint());
    }

    @Test
    void escapedSpacesInMountPointsAreUnderstood() {
        assertEquals("/mnt/nfs/scratch space", table.holding("/mnt/nfs/scratch space/f").mountPoint());
        assertEquals("srv:/other", table.holding("/mnt/nfs/scratch space/f").source());
    }

    @Test
    void ofTwoMountsOnOnePointTheTopOneHoldsThePath() {
        assertEquals("ontop", table.holding("/mnt/nfs2/f").source());
    }
}
