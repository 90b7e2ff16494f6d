package bitbisect.writer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bitbisect.writer.pattern.Pattern;
import bitbisect.writer.verify.CorruptWord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
            assertEquals(0, file.verify(pattern, new Readback(ReadbackMode.CACHED, 1 << 20, 2), corrupt::add).corruptWords());

            long flipped = size - 8; // the last word, in the short last block
            bytes.putLong((int) flipped, ~pattern.word(flipped / 8));
            Files.write(path, bytes.array());
            assertEquals(1, file.verify(pattern, new Readback(ReadbackMode.CACHED, 1 << 20, 2), corrupt::add).corruptWords());
            assertEquals(flipped, corrupt.get(0).offset());
        }
    }

    /**
     * Buffers are aligned for O_DIRECT (4096 bytes) whatever the block: one of no multiple of the
     * alignment (a word, a 512-byte sector plus a word, a page plus a word) still gets all of its bytes.
     */
    @ParameterizedTest
    @CsvSource({"8", "520", "4104", "65544"})
    void aBlockOfNoMultipleOfTheAlignmentIsWrittenAndReadWhole(int block, @TempDir Path dir) throws IOException, IoFailure {
        ByteBuffer buffer = PatternFile.aligned(block, 4096);
        assertEquals(block, buffer.limit());
        assertEquals(0, buffer.alignmentOffset(0, 4096));
        Pattern pattern = Pattern.parse("offset").forIteration(1);
        long size = 5L * block + 8;
        try (IoWatch watch = IoWatch.start(Duration.ofSeconds(30), s -> { })) {
            PatternFile file = new PatternFile(dir.resolve("f"), size, block, 4096, watch);
            file.write(pattern, SyncMode.FSYNC);
            assertEquals(size, Files.size(dir.resolve("f")));
            PatternFile.Verified v = file.verify(pattern, new Readback(ReadbackMode.CACHED, block, 2), w -> { });
            assertEquals(size, v.bytesCompared());
            assertEquals(0, v.corruptWords());
        }
    }

    /**
     * The read-back's reads need not line up with the written blocks: reads shorter than a block,
     * longer than one, and of no multiple of it, one or several in flight, must each report every
     * flipped word once, in file order, with its own offset and expected word; for a pattern held
     * one block long (alternating) and for one filled per piece (offset, tagged).
     */
    @ParameterizedTest
    @CsvSource({"alternating, 4096, 1", "alternating, 4096, 3", "alternating, 40960, 2", "alternating, 12344, 3",
            "offset, 4096, 2", "offset, 12344, 3", "tagged, 40960, 1", "tagged, 12344, 2", "alternating, 1048576, 2"})
    void readsOfAnyLengthAndDepthFindEveryFlippedWordInOrder(String spec, int readBlock, int depth, @TempDir Path dir)
            throws IOException, IoFailure {
        int block = 16384;
        long size = 10L * block + 4096;
        Path path = dir.resolve("f");
        Pattern pattern = Pattern.parse(spec).forFile("f").forIteration(2);
        try (IoWatch watch = IoWatch.start(Duration.ofSeconds(30), s -> { })) {
            PatternFile file = new PatternFile(path, size, block, 8, watch);
            file.write(pattern, SyncMode.BUFFERED);
            // First and last word of the file, both sides of a block boundary and of a read boundary.
            long[] offsets = {0, block - 8, block, 3L * readBlock - 8, 3L * readBlock, 7L * block + 800, size - 8};
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                for (long offset : offsets) {
                    if (offset < size) {
                        channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                                .putLong(0, ~pattern.word(offset / 8)), offset);
                    }
                }
            }
            List<CorruptWord> corrupt = new ArrayList<>();
            PatternFile.Verified v = file.verify(pattern, new Readback(ReadbackMode.CACHED, readBlock, depth), corrupt::add);
            List<Long> expected = Arrays.stream(offsets).filter(o -> o < size).distinct().sorted().boxed().toList();
            assertEquals(expected, corrupt.stream().map(CorruptWord::offset).toList());
            for (CorruptWord w : corrupt) {
                assertEquals(pattern.word(w.offset() / 8), w.expected(), "expected word at " + w.offset());
                assertEquals(~pattern.word(w.offset() / 8), w.actual(), "actual word at " + w.offset());
            }
            assertEquals(size, v.bytesCompared());
            assertEquals(expected.size(), v.corruptWords());
        }
    }
}
