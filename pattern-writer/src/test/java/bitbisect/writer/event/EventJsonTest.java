package bitbisect.writer.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bitbisect.writer.facts.Facts;
import bitbisect.writer.facts.FactsCollector;
import bitbisect.writer.facts.NfsCounters;
import bitbisect.writer.io.OpenFlags;
import bitbisect.writer.verify.CorruptionKind;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
                new Event.Start("pattern-writer", "1.0", "run", new Event.Parameters("/mnt/x", 1 << 20, 65536,
                        "osync", "direct", "tagged", 10L, 2.5, 3L, "corrupt", 1000, 10.0), FACTS),
                new Event.Start("pattern-writer", "1.0", "verify", new Event.Parameters("/mnt/x", 1 << 20, 65536,
                        "buffered", "cached", "alternating", null, null, null, null, null, 10.0),
                        new Facts(FACTS.host(), null)),
                new Event.Start("pattern-writer", "1.0", "facts", null, null),
                new Event.Iteration(4, 1 << 20, 10L, 20L, 30L, 40L, 2, flags, flags, "/mnt/x.corrupt-4"),
                new Event.Iteration(4, 1 << 20, null, null, 30L, 40L, 0, null, null, null),
                new Event.Corruption(2, 4096, "0xffffffffffffffff", "0xffffffff00000000", "0x00000000ffffffff",
                        List.of(0, 1, 2, 3), 1_700_000_000_000L),
                new Event.Extent(2, 8192, 4096, 512, CorruptionKind.STALE, 8192L, 1L, 4242),
                new Event.Extent(2, 8192, 8, 1, CorruptionKind.FLIP, null, null, null),
                new Event.SizeMismatch(3, 1 << 20, 4096),
                new Event.Stall(3, "fsync", 0, 12.5),
                new Event.IoError(5, "write", 65536L, "ENOSPC", "No space left on device", "/mnt/\"x\"\\y"),
                new Event.IoError(5, "open", null, null, "denied", null),
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
    void factsOnOneLineAndIndentedAreWhatTheMapperWrites(@TempDir Path dir) throws Exception {
        for (Facts facts : List.of(FACTS, new FactsCollector().collect(dir))) {
            assertEquals(EventCodec.mapper().writeValueAsString(facts), EventCodec.toJson(facts, false));
            assertEquals(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(facts),
                    EventCodec.toJson(facts, true));
        }
    }
}
