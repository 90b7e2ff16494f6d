package bitbisect.writer.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactsCollectorTest {

    @TempDir
    Path root;

    private void file(String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void readsHostFactsFromProcAndSys() throws IOException {
        file("proc/sys/kernel/osrelease", "5.1.0-test\n");
        file("proc/sys/kernel/hostname", "gen-uge-exec-p076\n");
        file("sys/class/dmi/id/product_name", "PowerEdge R630\n");
        file("sys/class/dmi/id/sys_vendor", "Dell Inc.\n");
        file("proc/cpuinfo", "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) CPU E5-2680 v3\nmicrocode\t: 0x44\n"
                + "flags\t\t: fpu sse2 avx\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) CPU E5-2680 v3\n");
        file("proc/meminfo", "MemTotal:       1024 kB\nMemFree: 1 kB\n");

        Facts.Host host = new FactsCollector(root).host();

        assertEquals("5.1.0-test", host.kernel());
        assertEquals("gen-uge-exec-p076", host.hostname());
        assertEquals("PowerEdge R630", host.model());
        assertEquals("Dell Inc.", host.vendor());
        assertEquals("Intel(R) Xeon(R) CPU E5-2680 v3", host.cpu().model());
        assertEquals(2, host.cpu().threads());
        assertEquals("0x44", host.cpu().microcode());
        assertEquals(16, host.cpu().flagsDigest().length());
        assertEquals(1024L * 1024, host.memoryBytes());
        assertNotNull(host.jvm().version());
    }

    @Test
    void absentSourcesLeaveFieldsEmpty() {
        Facts.Host host = new FactsCollector(root).host();

        assertNull(host.model());
        assertNull(host.cpu());
        assertNull(host.memoryBytes());
    }

    @Test
    void theTargetOfAFileNotYetWrittenIsItsDirectorysMount() throws IOException {
        file("proc/self/mountinfo", "22 1 254:0 / / rw - ext4 /dev/vda rw\n"
                + "40 22 0:41 / " + root + " rw - nfs4 srv:/export rw,vers=4.2\n");
        file("proc/self/mountstats", "device srv:/export mounted on " + root + " with fstype nfs4 statvers=1.1\n"
                + "\topts:\trw,vers=4.2\n\txprt:\ttcp 875 1 2 0 11 5 5 0 5 0 2 0 0\n\tper-op statistics\n"
                + "\t       WRITE: 4 5 0 0 0 0 0 0 0\n");

        Facts.Target t = new FactsCollector(root).target(root.resolve("sub/not-yet.bin"));

        assertEquals(root.toRealPath().resolve("sub/not-yet.bin").toString(), t.realPath());
        assertEquals("nfs4", t.fsType());
        assertEquals(1, t.nfs().retransmits());
        assertEquals(5, t.nfs().sends());
    }
}
