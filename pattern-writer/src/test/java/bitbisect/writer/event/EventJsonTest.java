package bitbisect.writer.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import bitbisect.writer.facts.Facts;
import bitbisect.writer.facts.FactsCollector;
import bitbisect.writer.facts.NfsCounters;
import bitbisect.writer.io.IoOperation;
import bitbisect.writer.io.OpenFlags;
import bitbisect.writer.verify.CorruptionKind;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The events are written field by field; the mapper that reads them back is the reference. Every
 * field set (a field the writer forgot shows up in the mapper's text only) and every optional
 * field left out, then back through the parser to the same record. Names with a quote, a
 * backslash and a non-ASCII letter check the escaping.
 */
class EventJsonTest {

    private static final NfsCounters NFS = new NfsCounters("vers=4.2,rsize=1048576", 10, 20, 21, 1, 0);
    private static final Facts FACTS = new Facts(
            new Facts.Host("node-7", "Linux", "5.1.0-1 \"test\"", "amd64", "Dell Inc.", "PowerEdge R630",
                    new Facts.Cpu("Intel(R) Xeon(R) CPU E5-2680 v4", 56, "0xb000040", "0123456789abcdef"),
                    135_000_000_000L, "glibc 2.36", new Facts.Jvm("Eclipse Adoptium", "17.0.15", "OpenJDK 64-Bit",
                    List.of("-Xshare:auto", "-Dpath=C:\\tmp", "-Dname=Größe"))),
            new Facts.Target("/mnt/nfs/x.bin", "/mnt/nfs/x.bin", "/mnt/nfs", "nfs4", "server:/export",
                    "rw,relatime", "rw,vers=4.2", NFS));

    static Stream<Event> events() {
        OpenFlags flags = OpenFlags.decode(01 | 04010000);
        return Stream.of(
                new Event.Start("pattern-writer", "1.0", WriterCommand.RUN, new Event.Parameters("/mnt/x", 1 << 20, 65536,
                        "osync", "direct", 1L << 20, 2, "tagged", 10L, 2.5, 3L, "corrupt", 2, 1000, 10.0), FACTS),
                new Event.Start("pattern-writer", "1.0", WriterCommand.VERIFY, new Event.Parameters("/mnt/x", 1 << 20, 65536,
                        "buffered", "cached", null, null, "alternating", null, null, null, null, null, null, 10.0),
                        new Facts(FACTS.host(), null)),
                new Event.Start("pattern-writer", "1.0", null, null, null),
                new Event.Iteration(4, 1 << 20, 10L, 20L, 30L, 40L, 2, flags, flags, "/mnt/x.corrupt-4"),
                new Event.Iteration(4, 1 << 20, null, null, 30L, 40L, 0, null, null, null),
                new Event.Corruption(2, 4096, "0xffffffffffffffff", "0xffffffff00000000", "0x00000000ffffffff",
                        List.of(0, 1, 2, 3), 1_700_000_000_000L),
                new Event.Extent(2, 8192, 4096, 512, CorruptionKind.STALE, 8192L, 1L, 4242),
                new Event.Extent(2, 8192, 8, 1, CorruptionKind.FLIP, null, null, null),
                new Event.SizeMismatch(3, 1 << 20, 4096),
                new Event.Stall(3, IoOperation.FSYNC, 0, 12.5),
                new Event.IoError(5, IoOperation.WRITE, 65536L, "ENOSPC", "No space left on device", "/mnt/\"x\"\\y"),
                new Event.IoError(5, IoOperation.OPEN, null, null, "denied", null),
                new Event.End(Event.Status.CORRUPT, 10, 2, 7, 0, 10 << 20, 10 << 20, 123_456_789, NFS),
                new Event.End(Event.Status.CLEAN, 10, 0, 0, 0, 10 << 20, 10 << 20, 123_456_789, null));
    }

    @ParameterizedTest
    @MethodSource("events")
    void eachEventIsWhatTheMapperWritesAndReadsBack(Event event) throws Exception {
        String line = EventCodec.toJson(event);
        assertEquals(EventCodec.mapper().writeValueAsString(event), line);
        assertEquals(event, EventCodec.parse(line));
    }

    @Test
    void theSinkWritesEachEventAsItsOwnLineFlushingAllButCorruption() {
        StringWriter out = new StringWriter();
        EventSink sink = new EventSink(out);
        List<Event> all = events().toList();
        StringBuilder expected = new StringBuilder();
        for (Event event : all) {
            sink.emit(event);
            expected.append(EventCodec.toJson(event)).append('\n');
            if (!(event instanceof Event.Corruption)) {
                assertEquals(expected.toString(), out.toString(), "flushed after " + event);
            }
        }
        sink.flush();
        assertEquals(expected.toString(), out.toString());
    }

    @Test
    void factsOnOneLineAndIndentedAreWhatTheMapperWrites(@TempDir Path dir) throws Exception {
        for (Facts facts : List.of(FACTS, new FactsCollector().collect(dir))) {
            assertEquals(EventCodec.mapper().writeValueAsString(facts), EventCodec.toJson(facts, false));
            assertEquals(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(facts),
                    EventCodec.toJson(facts, true));
        }
    }

    @Test
    void theWritersOwnCorruptionLinesAreReadByTheScanner() {
        Event.Corruption written = new Event.Corruption(2, 4096, "0xffffffffffffffff", "0xffffffff00000000",
                "0x00000000ffffffff", List.of(0, 1, 2, 3), 1_700_000_000_000L);
        assertEquals(written, CorruptionLines.corruption(EventCodec.toJson(written)));
        Event.Corruption noBytes = new Event.Corruption(2, 0, "0x0000000000000000", "0x0000000000000001",
                "0x0000000000000001", null, 0);
        assertEquals(noBytes, CorruptionLines.corruption(EventCodec.toJson(noBytes)));
        Event.Corruption emptyBytes = new Event.Corruption(1, 8, "0xffffffffffffffff", "0xfffffffffffffffe",
                "0x0000000000000001", List.of(), 3);
        assertEquals(emptyBytes, CorruptionLines.corruption(EventCodec.toJson(emptyBytes)));
    }

    @Test
    void aCorruptionLinesNumbersAreReadFromItsBytesWhereverItSits() {
        Event.Corruption written = new Event.Corruption(7, 1L << 40, "0xffffffffffffffff", "0xffffffff00000000",
                "0x00000000ffffffff", List.of(0, 1, 2, 3), 1_700_000_000_123L);
        byte[] line = EventCodec.toJson(written).getBytes(StandardCharsets.UTF_8);
        byte[] held = new byte[line.length + 7];
        System.arraycopy(line, 0, held, 3, line.length);
        assertEquals(new CorruptionWords(7, 1L << 40, -1L, 0xffffffff00000000L, 0x00000000ffffffffL,
                1_700_000_000_123L), EventCodec.corruptionWords(held, 3, 3 + line.length));
        assertNull(EventCodec.corruptionWords(held, 3, 3 + line.length - 1), "a line cut short");
        assertNull(EventCodec.corruptionWords(held, 2, 3 + line.length), "a byte before it");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0x0", "0xFFFFFFFFFFFFFFFF", "0xfffffffffffffffff", "0Xffffffffffffffff", "0xfffffffffffffffg", "ffffffffffffffff",
    })
    void wordsNotAsTheWriterPrintsThemAreTheMappersToRead(String word) {
        String line = "{\"event\":\"corruption\",\"iteration\":3,\"offset\":8,\"expected\":\"" + word
                + "\",\"actual\":\"0x0000000000000001\",\"mask\":\"0x0000000000000001\",\"time_ms\":5}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertNull(EventCodec.corruptionWords(bytes, 0, bytes.length), word);
        assertNull(CorruptionLines.corruption(line), word);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"event\":\"corruption\",\"iteration\":3,\"offset\":8,\"expected\":\"0x0\",\"actual\":\"0x1\",\"mask\":\"0x1\",\"time_ms\":5}",
        "{\"event\":\"corruption\",\"time_ms\":5,\"mask\":\"0x1\",\"offset\":8,\"iteration\":3,\"bytes\":[0]}",
        "{\"event\":\"corruption\",\"iteration\":3,\"new\":{\"a\":[1,{\"b\":2}]},\"later\":[1,2],\"x\":null,\"offset\":8}",
        "{\"event\":\"corruption\",\"iteration\":\"3\",\"offset\":8.0}",
        "{\"event\":\"corruption\",\"iteration\":3,\"bytes\":null}",
        "{\"event\":\"corruption\",\"iteration\":{\"n\":3}}",
        "{\"event\":\"corruption\",\"bytes\":[1,\"2\"]}",
        "{\"event\":\"corruption\",\"iteration\":3} {\"event\":\"end\"}",
        "{\"event\":\"corruption\",\"iteration\":3,\"offset\":",
        "{\"event\":\"corruption\",\"iteration\":3,,}",
        "{\"event\":\"corruption\",\"iteration\":3,\"offset\":8,\"expected\":\"0x0\",\"actual\":\"\",\"mask\":\"0xé\",\"bytes\":[],\"time_ms\":5}",
        "{\"event\":\"corruption\",\"iteration\":3\u0663,\"offset\":8,\"expected\":\"0x0\",\"actual\":\"0x1\",\"mask\":\"0x1\",\"time_ms\":5}",
        "{\"event\":\"corruption\",\"iteration\":03,\"offset\":8,\"expected\":\"0x0\",\"actual\":\"0x1\",\"mask\":\"0x1\",\"time_ms\":5}",
        "{\"event\":\"corruption\",\"iteration\":3,\"offset\":8,\"expected\":\"0x0\",\"actual\":\"0x1\",\"mask\":\"0x1\",\"bytes\":[4294967296],\"time_ms\":5}",
        "{\"event\":\"corruption\",\"iteration\":3,\"offset\":8,\"expected\":\"0x0\",\"actual\":\"0x1\",\"mask\":\"0x1\",\"bytes\":[1,2],\"time_ms\":123456789012345678901}",
        "{\"event\":\"corruption\",\"iteration\":3,\"offset\":-8,\"expected\":\"0x0\",\"actual\":\"0x1\",\"mask\":\"0x1\",\"time_ms\":5}",
        "{\"event\":\"corruption\",\"iteration\":3,\"offset\":8,\"expected\":\"0x\\u0030\",\"actual\":\"0x1\",\"mask\":\"0x1\",\"time_ms\":5e3}",
        "{\"event\":\"corruption\",\"iteration\":3,\"offset\":8,\"expected\":\"0x0\",\"actual\":\"0x1\",\"mask\":\"0x1\",\"bytes\":[0,1,2,3],\"time_ms\":5} ",
    })
    void aCorruptionLineReadsAsTheMapperReadsIt(String line) {
        Object mapper;
        try {
            mapper = EventCodec.mapper().readValue(line, Event.class);
        } catch (Exception e) {
            mapper = e.getClass();
        }
        Object codec;
        try {
            codec = EventCodec.parse(line);
        } catch (Exception e) {
            codec = e.getClass();
        }
        assertEquals(mapper, codec, line);
    }
}
