package bitbisect.writer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost hand-off hangs; it must fail
class ReadAheadTest {

    private static final int BLOCK = 4096;

    @Test
    void blocksComeInFileOrderWithTheirOwnBytesTheLastOneShort(@TempDir Path dir) throws IOException {
        byte[] content = randomBytes(37 * BLOCK + 1000);
        Path file = Files.write(dir.resolve("f"), content);
        try (FileChannel channel = FileChannel.open(file); ReadAhead blocks = readAhead(channel, content.length, 3)) {
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
    void aFileShorterThanExpectedEndsWithTheBlockWhereItEnds(@TempDir Path dir) throws IOException {
        byte[] content = randomBytes(5 * BLOCK + 24);
        Path file = Files.write(dir.resolve("f"), content);
        try (FileChannel channel = FileChannel.open(file); ReadAhead blocks = readAhead(channel, 20L * BLOCK, 2)) {
            for (long k = 0; k < 5; k++) {
                assertEquals(BLOCK, blocks.take(k).limit());
                blocks.release(k);
            }
            assertEquals(24, blocks.take(5).limit(), "the bytes there are, then nothing more is read");
        }
    }

    @Test
    void aFailedReadIsThrownAtItsBlockAfterTheBlocksBeforeIt(@TempDir Path dir) throws IOException {
        byte[] content = randomBytes(10 * BLOCK);
        Path file = Files.write(dir.resolve("f"), content);
        IOException eio = new IOException("Input/output error");
        try (ReadableByteChannel channel = new FailingChannel(FileChannel.open(file), 4, eio);
             ReadAhead blocks = readAhead(channel, content.length, 3)) {
            for (long k = 0; k < 4; k++) {
                assertEquals(BLOCK, blocks.take(k).limit());
                blocks.release(k);
            }
            assertSame(eio, assertThrows(IOException.class, () -> blocks.take(4)));
        }
    }

    @Test
    void closingBeforeTheEndStopsTheReader(@TempDir Path dir) throws IOException {
        byte[] content = randomBytes(64 * BLOCK);
        Path file = Files.write(dir.resolve("f"), content);
        try (FileChannel channel = FileChannel.open(file)) {
            ReadAhead blocks = readAhead(channel, content.length, 2);
            blocks.take(0);
            blocks.close(); // the reader waits for a free buffer: close must wake and end it
        }
    }

    @Test
    void aSingleBlockIsReadOnTheCallersThreadIntoOneBuffer(@TempDir Path dir) throws IOException {
        byte[] content = randomBytes(BLOCK);
        Path file = Files.write(dir.resolve("f"), content);
        try (FileChannel channel = FileChannel.open(file); ReadAhead blocks = readAhead(channel, content.length, 1)) {
            assertArrayEquals(content, bytes(blocks.take(0)));
        }
    }

    private static ReadAhead readAhead(ReadableByteChannel channel, long size, int buffers) {
        ByteBuffer[] slots = new ByteBuffer[buffers];
        for (int i = 0; i < buffers; i++) {
            slots[i] = ByteBuffer.allocateDirect(BLOCK);
        }
        return new ReadAhead(channel, size, BLOCK, slots, IoWatch.start(Duration.ZERO, s -> { }));
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

    /** A real file's channel whose {@code failAt}-th read (from 0) fails, as a disk with a bad sector would. */
    private static final class FailingChannel implements ReadableByteChannel {
        private final FileChannel real;
        private final IOException failure;
        private int reads;
        private final int failAt;

        FailingChannel(FileChannel real, int failAt, IOException failure) {
            this.real = real;
            this.failAt = failAt;
            this.failure = failure;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (reads++ == failAt) {
                throw failure;
            }
            return real.read(dst);
        }

        @Override
        public boolean isOpen() {
            return real.isOpen();
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }
}
