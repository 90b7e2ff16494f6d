package bitbisect.runner.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void onATerminalTheLineIsDrawnToItsWidthAndErasedAtTheEnd() throws InterruptedException {
        CountDownLatch drawnTwice = new CountDownLatch(2);
        try (StatusLine line = StatusLine.on(out, new Terminal(true, 20), Duration.ZERO, () -> {
            drawnTwice.countDown();
            return "report: reading the store: 4,200 of 10,000 cells, 3 s";
        })) {
            assertTrue(drawnTwice.await(10, TimeUnit.SECONDS), "redrawn while the work goes on");
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\r\033[2Kreport: reading th…\r\033[2K"), text);
        assertTrue(text.endsWith("\r\033[2K"), "erased at the end: " + text);
        for (String drawn : text.split("\r\033\\[2K")) {
            assertTrue(drawn.length() < 20, "fits in 20 columns: '" + drawn + "'");
        }
    }

    @Test
    void workShorterThanTheDelayShowsNothing() {
        try (StatusLine line = StatusLine.on(out, new Terminal(true, 80), Duration.ofHours(1), () -> "never")) {
            assertEquals(0, bytes.size());
        }
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anythingButALiveTerminalGetsNothing() throws InterruptedException {
        try (StatusLine line = StatusLine.on(out, new Terminal(false, 80), Duration.ZERO, () -> "never")) {
            Thread.sleep(300); // a live line would have been drawn by now; a log must get no cursor codes at all
        }
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
