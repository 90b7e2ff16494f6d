package bitbisect.writer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost hand-off hangs; it must fail
class ReadAheadTest {

    private static final int BLOCK = 4096;

    /** Depth 1 (one read at a time, in file order), and more reads in flight than half the buffers. */
    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {1, 3})
    void blocksComeInFileOrderWithTheirOwnBytesTheLastOneShort(int depth, @TempDir Path dir) throws IOException {
        byte[] content = randomBytes(37 * BLOCK + 1000);
        Path file = Files.write(dir.resolve("f"), content);
        try (FileChannel channel = FileChannel.open(file);
             ReadAhead blocks = readAhead(channel::read, content.length, 4, depth)) {
            assertEquals(38, blocks.blocks());
            for (long k = 0; k < blocks.blocks(); k++) {
                ByteBuffer data = blocks.take(k);
                int from = (int) (k * BLOCK);
                assertArrayEquals(Arrays.copyOfRange(content, from, Math.min(from + BLOCK, content.length)), bytes(data),
                        "block " + k);
                blocks.release(k);
            }
        }
    }

    @Test
    void readsEndingOutOfOrderStillReachTheCallerInFileOrder(@TempDir Path dir) throws IOException {
        byte[] content = randomBytes(16 * BLOCK);
        Path file = Files.write(dir.resolve("f"), content);
        List<Long> readOrder = new CopyOnWriteArrayList<>();
        try (FileChannel channel = FileChannel.open(file)) {
            // Even blocks take longer than odd ones, so with 3 readers an odd block often ends first.
            ReadAhead.Source slowEvenBlocks = (dst, position) -> {
                if (position / BLOCK % 2 == 0) {
                    LockSupport.parkNanos(2_000_000);
                }
                int n = channel.read(dst, position);
                readOrder.add(position / BLOCK);
                return n;
            };
            try (ReadAhead blocks = readAhead(slowEvenBlocks, content.length, 6, 3)) {
                for (long k = 0; k < blocks.blocks(); k++) {
                    int from = (int) (k * BLOCK);
                    assertArrayEquals(Arrays.copyOfRange(content, from, from + BLOCK), bytes(blocks.take(k)), "block " + k);
                    blocks.release(k);
                }
            }
        }
        assertEquals(16, readOrder.size(), "each block read once: " + readOrder);
        assertNotEquals(readOrder.stream().sorted().toList(), readOrder, "reads overlapped and ended out of order");
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {1, 3})
    void aFileShorterThanExpectedEndsWithTheBlockWhereItEnds(int depth, @TempDir Path dir) throws IOException {
        byte[] content = randomBytes(5 * BLOCK + 24);
        Path file = Files.write(dir.resolve("f"), content);
        try (FileChannel channel = FileChannel.open(file);
             ReadAhead blocks = readAhead(channel::read, 20L * BLOCK, 4, depth)) {
            for (long k = 0; k < 5; k++) {
                assertEquals(BLOCK, blocks.take(k).limit());
                blocks.release(k);
            }
            assertEquals(24, blocks.take(5).limit(), "the bytes there are, then nothing more is read");
        }
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {1, 3})
    void aFailedReadIsThrownAtItsBlockAfterTheBlocksBeforeIt(int depth, @TempDir Path dir) throws IOException {
        byte[] content = randomBytes(10 * BLOCK);
        Path file = Files.write(dir.resolve("f"), content);
        IOException eio = new IOException("Input/output error");
        try (FileChannel channel = FileChannel.open(file)) {
            ReadAhead.Source badSector = (dst, position) -> {
                if (position / BLOCK >= 4) {
                    throw eio;
                }
                return channel.read(dst, position);
            };
            try (ReadAhead blocks = readAhead(badSector, content.length, 4, depth)) {
                for (long k = 0; k < 4; k++) {
                    assertEquals(BLOCK, blocks.take(k).limit());
                    blocks.release(k);
                }
                assertSame(eio, assertThrows(IOException.class, () -> blocks.take(4)));
            }
        }
    }

    @Test
    void aReaderThatDiesUnexpectedlyFailsItsBlockInsteadOfHangingTheCaller(@TempDir Path dir) throws IOException {
        byte[] content = randomBytes(10 * BLOCK);
        Path file = Files.write(dir.resolve("f"), content);
        try (FileChannel channel = FileChannel.open(file)) {
            ReadAhead.Source broken = (dst, position) -> {
                if (position / BLOCK == 2) {
                    throw new IllegalStateException("bug");
                }
                return channel.read(dst, position);
            };
            try (ReadAhead blocks = readAhead(broken, content.length, 4, 2)) {
                for (long k = 0; k < 2; k++) {
                    assertEquals(BLOCK, blocks.take(k).limit());
                    blocks.release(k);
                }
                IOException e = assertThrows(IOException.class, () -> blocks.take(2));
                assertTrue(e.getMessage().contains("bug"), e.getMessage());
            }
        }
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {1, 3})
    void closingBeforeTheEndStopsTheReaders(int depth, @TempDir Path dir) throws IOException {
        byte[] content = randomBytes(64 * BLOCK);
        Path file = Files.write(dir.resolve("f"), content);
        try (FileChannel channel = FileChannel.open(file)) {
            ReadAhead blocks = readAhead(channel::read, content.length, 4, depth);
            blocks.take(0);
            blocks.close(); // the readers wait for a free buffer: close must wake and end them
        }
    }

    @Test
    void aSingleBlockIsReadOnTheCallersThreadIntoOneBuffer(@TempDir Path dir) throws IOException {
        byte[] content = randomBytes(BLOCK);
        Path file = Files.write(dir.resolve("f"), content);
        try (FileChannel channel = FileChannel.open(file); ReadAhead blocks = readAhead(channel::read, content.length, 1, 4)) {
            assertArrayEquals(content, bytes(blocks.take(0)));
        }
    }

    @Test
    void moreReadsInFlightThanBuffersIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> readAhead((dst, position) -> -1, 8L * BLOCK, 3, 3));
        assertEquals("read-ahead of depth 3 needs 4 buffers or more", e.getMessage());
    }

    private static ReadAhead readAhead(ReadAhead.Source source, long size, int buffers, int depth) {
        ByteBuffer[] slots = new ByteBuffer[buffers];
        for (int i = 0; i < buffers; i++) {
            slots[i] = ByteBuffer.allocateDirect(BLOCK);
        }
        return new ReadAhead(source, size, BLOCK, slots, depth, IoWatch.start(Duration.ZERO, s -> { }));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] bytes(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        return b;
    }
}
