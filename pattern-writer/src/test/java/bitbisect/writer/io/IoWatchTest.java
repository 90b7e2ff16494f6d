package bitbisect.writer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
            watch.begin(IoOperation.FSYNC, 4096);
            Thread.sleep(450);
            watch.end();
            int seen = stalls.size();
            Thread.sleep(300);
            assertEquals(seen, stalls.size(), "nothing reported once the call ended");
        }
        assertTrue(stalls.size() >= 2, "at least two reports in 450 ms at 100 ms: " + stalls);
        assertEquals(IoOperation.FSYNC, stalls.get(0).operation());
        assertEquals(4096, stalls.get(0).offset());
        assertTrue(stalls.get(0).seconds() >= 0.1, stalls.toString());
        assertTrue(stalls.get(1).seconds() >= 0.2, "the second report is at twice the threshold: " + stalls);
    }

    @Test
    void aWatchedCallIsReportedWhileItLastsAndNoLongerOnceItReturnsOrThrows() throws Exception {
        List<IoWatch.Stall> stalls = new CopyOnWriteArrayList<>();
        try (IoWatch watch = IoWatch.start(Duration.ofMillis(100), stalls::add)) {
            long until = System.nanoTime() + 300_000_000L;
            String got = watch.watched(IoOperation.DELETE, 0, () -> {
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // a delete that takes 300 ms
                }
                return "deleted";
            });
            assertEquals("deleted", got);
            assertTrue(stalls.stream().anyMatch(s -> s.operation() == IoOperation.DELETE), stalls.toString());
            assertThrows(java.io.IOException.class, () -> watch.watched(IoOperation.RENAME, 8, () -> {
                throw new java.io.IOException("refused");
            }));
            int seen = stalls.size();
            Thread.sleep(300);
            assertEquals(seen, stalls.size(), "nothing reported once the calls ended: " + stalls);
        }
    }

    /** The watch looks every 50 ms for 600 ms (a dozen times), finding calls of 20 ms in flight: none reaches 200 ms. */
    @Test
    void shortCallsAreNotReported() throws Exception {
        List<IoWatch.Stall> stalls = new CopyOnWriteArrayList<>();
        try (IoWatch watch = IoWatch.start(Duration.ofMillis(200), stalls::add)) {
            long until = System.nanoTime() + 600_000_000L;
            for (int i = 0; System.nanoTime() < until; i++) {
                watch.begin(IoOperation.WRITE, i);
                Thread.sleep(20);
                watch.end();
            }
        }
        assertFalse(stalls.stream().findAny().isPresent(), stalls.toString());
    }

    @Test
    void aCallHungOnOneLaneIsReportedWhileOtherLanesComeAndGo() throws Exception {
        List<IoWatch.Stall> stalls = new CopyOnWriteArrayList<>();
        try (IoWatch watch = IoWatch.start(Duration.ofMillis(100), stalls::add)) {
            IoWatch.Lane hung = watch.lane();
            hung.begin(IoOperation.READ, 1 << 20);
            long until = System.nanoTime() + 350_000_000L;
            while (System.nanoTime() < until) { // another reader's calls end quickly, over and over
                try (IoWatch.Lane other = watch.lane()) {
                    other.begin(IoOperation.READ, 0);
                    other.end();
                }
                watch.begin(IoOperation.CLOSE, 0);
                watch.end();
            }
            hung.close();
            int seen = stalls.size();
            Thread.sleep(300);
            assertEquals(seen, stalls.size(), "nothing reported once the lane closed");
        }
        assertTrue(stalls.size() >= 2, "the hung read reported at 100 and 200 ms at least: " + stalls);
        assertTrue(stalls.stream().allMatch(s -> s.operation() == IoOperation.READ && s.offset() == 1 << 20), stalls.toString());
    }
}
