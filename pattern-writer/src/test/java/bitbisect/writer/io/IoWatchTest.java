package bitbisect.writer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class IoWatchTest {

    @Test
    void aCallPastTheThresholdIsReportedAgainAtEachMultiple() throws Exception {
        List<IoWatch.Stall> stalls = new CopyOnWriteArrayList<>();
        try (IoWatch watch = IoWatch.start(Duration.ofMillis(100), stalls::add)) {
            watch.begin("fsync", 4096);
            Thread.sleep(450);
            watch.end();
            int seen = stalls.size();
            Thread.sleep(300);
            assertEquals(seen, stalls.size(), "nothing reported once the call ended");
        }
        assertTrue(stalls.size() >= 2, "at least two reports in 450 ms at 100 ms: " + stalls);
        assertEquals("fsync", stalls.get(0).operation());
        assertEquals(4096, stalls.get(0).offset());
        assertTrue(stalls.get(0).seconds() >= 0.1, stalls.toString());
        assertTrue(stalls.get(1).seconds() >= 0.2, "the second report is at twice the threshold: " + stalls);
    }

    @Test
    void shortCallsAreNotReported() throws Exception {
        List<IoWatch.Stall> stalls = new CopyOnWriteArrayList<>();
        try (IoWatch watch = IoWatch.start(Duration.ofSeconds(5), stalls::add)) {
            for (int i = 0; i < 50; i++) {
                watch.begin("write", i);
                watch.end();
            }
            Thread.sleep(100);
        }
        assertFalse(stalls.stream().findAny().isPresent());
    }
}
