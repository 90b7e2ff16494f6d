package bitbisect.writer.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class NfsMountStatsTest {

    // The layout of /proc/self/mountstats (statvers=1.1) for one local and two NFS mounts.
    private static final List<String> MOUNTSTATS = List.of(
            "device /dev/vda mounted on / with fstype ext4",
            "device srv:/export mounted on /mnt/nfs with fstype nfs4 statvers=1.1",
            "\topts:\trw,vers=4.2,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys",
            "\tage:\t3600",
            "\tcaps:\tcaps=0x3ffbffff,wtmult=512,dtsize=32768,bsize=0,namlen=255",
            "\tsec:\tflavor=1,pseudoflavor=1",
            "\tevents:\t0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
            "\tbytes:\t0 67108864 0 0 0 67108864 0 16384",
            "\tRPC iostats version: 1.1  p/v: 100003/4 (nfs)",
            "\txprt:\ttcp 875 1 2 0 11 2120 2117 0 2120 0 2 0 0",
            "\tper-op statistics",
            "\t        NULL: 1 1 0 44 24 0 0 0 0",
            "\t        READ: 64 64 0 10240 67117056 2 900 905 0",
            "\t       WRITE: 2048 2051 1 67436544 327680 90 6100 6300 0",
            "\t      COMMIT: 4 4 0 704 416 0 10 10 0",
            "",
            "device srv:/other mounted on /mnt/other with fstype nfs statvers=1.1",
            "\topts:\trw,vers=3,proto=udp,timeo=11,retrans=3",
            "\txprt:\tudp 900 0 77 77 0 77 0",
            "\tper-op statistics",
            "\t       WRITE: 70 74 2 0 0 0 0 0");

    @Test
    void sumsOperationsAndTakesSendsFromTheTcpTransport() {
        NfsCounters c = NfsMountStats.forMount(MOUNTSTATS, "/mnt/nfs");

        assertEquals("rw,vers=4.2,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys",
                c.options());
        assertEquals(2120, c.sends());
        assertEquals(1 + 64 + 2048 + 4, c.requests());
        assertEquals(1 + 64 + 2051 + 4, c.transmissions());
        assertEquals(3, c.retransmits());
        assertEquals(1, c.majorTimeouts());
    }

    @Test
    void readsTheUdpTransportLayout() {
        NfsCounters c = NfsMountStats.forMount(MOUNTSTATS, "/mnt/other");

        assertEquals(77, c.sends());
        assertEquals(4, c.retransmits());
        assertEquals(2, c.majorTimeouts());
    }

    @Test
    void aLocalMountHasNoNfsCounters() {
        assertNull(NfsMountStats.forMount(MOUNTSTATS, "/"));
        assertNull(NfsMountStats.forMount(MOUNTSTATS, "/mnt/absent"));
    }

    @Test
    void aDeltaIsTheDifferenceOfTwoReadings() {
        NfsCounters before = new NfsCounters("o", 10, 10, 11, 1, 0);
        NfsCounters after = new NfsCounters("o", 30, 25, 29, 4, 2);

        assertEquals(new NfsCounters("o", 20, 15, 18, 3, 2), after.since(before));
    }
}
