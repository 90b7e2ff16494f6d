package bitbisect.writer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bitbisect.writer.pattern.Pattern;
import bitbisect.writer.verify.CorruptWord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class PatternFileTest {

    /**
     * A repeating pattern fills its block once, one period by words and the rest by copies; blocks
     * whose size is no power of two times the period (48 bytes: 16 + 16 + 16; 4112 bytes) and a
     * period that does not divide the block (8 bytes, one word) must still hold every word.
     */
    @ParameterizedTest
    @CsvSource({"alternating, 8", "alternating, 16", "alternating, 48", "inverse, 48", "alternating, 4112",
            "inverse, 4112", "offset, 4112"})
    void everyWordOnDiskIsThePatternsWordAndReadsBackClean(String spec, int block, @TempDir Path dir) throws IOException, IoFailure {
        Pattern pattern = Pattern.parse(spec).forIteration(1);
        Path path = dir.resolve("f");
        long size = 3L * block + 8 * ((block / 8) / 2); // a short last block
        try (IoWatch watch = IoWatch.start(Duration.ofSeconds(30), s -> { })) {
            PatternFile file = new PatternFile(path, size, block, 8, watch);
            file.write(pattern, SyncMode.BUFFERED);
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(size, bytes.capacity());
            for (int i = 0; i < size / 8; i++) {
                assertEquals(pattern.word(i), bytes.getLong(i * 8), "word " + i);
            }
            List<CorruptWord> corrupt = new ArrayList<>();
            assertEquals(0, file.verify(pattern, ReadbackMode.CACHED, corrupt::add).corruptWords());

            long flipped = size - 8; // the last word, in the short last block
            bytes.putLong((int) flipped, ~pattern.word(flipped / 8));
            Files.write(path, bytes.array());
            assertEquals(1, file.verify(pattern, ReadbackMode.CACHED, corrupt::add).corruptWords());
            assertEquals(flipped, corrupt.get(0).offset());
        }
    }
}
