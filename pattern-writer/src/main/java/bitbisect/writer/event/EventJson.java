package bitbisect.writer.event;

import bitbisect.writer.facts.Facts;
import bitbisect.writer.facts.NfsCounters;
import bitbisect.writer.io.OpenFlags;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Events and facts as JSON, field by field with jackson-core's generator: the same text the
 * event mapper would write (snake_case, record order, nulls left out; EventJsonTest holds them
 * equal), without building the mapper's serializers by reflection, which took a sixth of a short
 * run's start. Reading stays with the mapper ({@link EventCodec#parse}), except for corruption
 * lines, the one kind a store holds by the million ({@link CorruptionLines}).
 */
final class EventJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJson() {
    }

    static String of(Event event) {
        return write(g -> event(g, event), false);
    }

    static String of(Facts facts, boolean pretty) {
        return write(g -> facts(g, facts), pretty);
    }

    /**
     * A generator for a stream of events, one per line ({@link #line}): one generator for the
     * whole stream, where a generator per event costs each iteration of a short run more than
     * its own I/O until the JIT has compiled it.
     */
    static JsonGenerator lines(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setRootValueSeparator(null);
        return g;
    }

    /** {@code event} as one line, the same text as {@link #of(Event)} and a newline. */
    static void line(JsonGenerator g, Event event) throws IOException {
        event(g, event);
        g.writeRaw('\n');
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body, boolean pretty) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void event(JsonGenerator g, Event event) throws IOException {
        g.writeStartObject();
        if (event instanceof Event.Start e) {
            g.writeStringField("event", "start");
            string(g, "tool", e.tool());
            string(g, "version", e.version());
            string(g, "command", e.command() == null ? null : e.command().label());
            if (e.parameters() != null) {
                g.writeFieldName("parameters");
                parameters(g, e.parameters());
            }
            if (e.facts() != null) {
                g.writeFieldName("facts");
                facts(g, e.facts());
            }
        } else if (event instanceof Event.Iteration e) {
            g.writeStringField("event", "iteration");
            g.writeNumberField("iteration", e.iteration());
            g.writeNumberField("bytes", e.bytes());
            number(g, "write_ns", e.writeNs());
            number(g, "sync_ns", e.syncNs());
            number(g, "read_ns", e.readNs());
            number(g, "verify_ns", e.verifyNs());
            g.writeNumberField("corrupt_words", e.corruptWords());
            flags(g, "write_flags", e.writeFlags());
            flags(g, "read_flags", e.readFlags());
            string(g, "kept", e.kept());
        } else if (event instanceof Event.Corruption e) {
            g.writeStringField("event", "corruption");
            g.writeNumberField("iteration", e.iteration());
            g.writeNumberField("offset", e.offset());
            string(g, "expected", e.expected());
            string(g, "actual", e.actual());
            string(g, "mask", e.mask());
            if (e.bytes() != null) {
                g.writeArrayFieldStart("bytes");
                for (Integer b : e.bytes()) {
                    g.writeNumber(b);
                }
                g.writeEndArray();
            }
            g.writeNumberField("time_ms", e.timeMs());
        } else if (event instanceof Event.Extent e) {
            g.writeStringField("event", "extent");
            g.writeNumberField("iteration", e.iteration());
            g.writeNumberField("offset", e.offset());
            g.writeNumberField("length", e.length());
            g.writeNumberField("words", e.words());
            string(g, "kind", e.kind() == null ? null : e.kind().label());
            number(g, "source_offset", e.sourceOffset());
            number(g, "source_iteration", e.sourceIteration());
            number(g, "source_tag", e.sourceTag() == null ? null : e.sourceTag().longValue());
        } else if (event instanceof Event.SizeMismatch e) {
            g.writeStringField("event", "size_mismatch");
            g.writeNumberField("iteration", e.iteration());
            g.writeNumberField("expected_bytes", e.expectedBytes());
            g.writeNumberField("actual_bytes", e.actualBytes());
        } else if (event instanceof Event.Stall e) {
            g.writeStringField("event", "stall");
            g.writeNumberField("iteration", e.iteration());
            string(g, "operation", e.operation().label());
            g.writeNumberField("offset", e.offset());
            g.writeNumberField("seconds", e.seconds());
        } else if (event instanceof Event.IoError e) {
            g.writeStringField("event", "error");
            g.writeNumberField("iteration", e.iteration());
            string(g, "operation", e.operation().label());
            number(g, "offset", e.offset());
            string(g, "errno", e.errno());
            string(g, "message", e.message());
            string(g, "path", e.path());
        } else if (event instanceof Event.End e) {
            g.writeStringField("event", "end");
            string(g, "status", e.status() == null ? null : e.status().label());
            g.writeNumberField("iterations", e.iterations());
            g.writeNumberField("corrupt_iterations", e.corruptIterations());
            g.writeNumberField("corrupt_words", e.corruptWords());
            g.writeNumberField("events_not_printed", e.eventsNotPrinted());
            g.writeNumberField("bytes_written", e.bytesWritten());
            g.writeNumberField("bytes_verified", e.bytesVerified());
            g.writeNumberField("elapsed_ns", e.elapsedNs());
            if (e.nfsDelta() != null) {
                g.writeFieldName("nfs_delta");
                nfs(g, e.nfsDelta());
            }
        }
        g.writeEndObject();
    }

    private static void parameters(JsonGenerator g, Event.Parameters p) throws IOException {
        g.writeStartObject();
        string(g, "path", p.path());
        g.writeNumberField("size", p.size());
        g.writeNumberField("block", p.block());
        string(g, "sync", p.sync());
        string(g, "readback", p.readback());
        number(g, "read_block", p.readBlock());
        number(g, "read_depth", p.readDepth() == null ? null : p.readDepth().longValue());
        string(g, "pattern", p.pattern());
        number(g, "iterations", p.iterations());
        if (p.durationSeconds() != null) {
            g.writeNumberField("duration_seconds", p.durationSeconds());
        }
        number(g, "iteration", p.iteration());
        string(g, "keep", p.keep());
        number(g, "keep_max", p.keepMax() == null ? null : p.keepMax().longValue());
        number(g, "max_events", p.maxEvents() == null ? null : p.maxEvents().longValue());
        g.writeNumberField("stall_seconds", p.stallSeconds());
        g.writeEndObject();
    }

    private static void facts(JsonGenerator g, Facts f) throws IOException {
        g.writeStartObject();
        if (f.host() != null) {
            Facts.Host h = f.host();
            g.writeObjectFieldStart("host");
            string(g, "hostname", h.hostname());
            string(g, "kernel", h.kernel());
            string(g, "kernel_version", h.kernelVersion());
            string(g, "arch", h.arch());
            string(g, "vendor", h.vendor());
            string(g, "model", h.model());
            if (h.cpu() != null) {
                g.writeObjectFieldStart("cpu");
                string(g, "model", h.cpu().model());
                g.writeNumberField("threads", h.cpu().threads());
                string(g, "microcode", h.cpu().microcode());
                string(g, "flags_digest", h.cpu().flagsDigest());
                g.writeEndObject();
            }
            number(g, "memory_bytes", h.memoryBytes());
            string(g, "libc", h.libc());
            if (h.jvm() != null) {
                g.writeObjectFieldStart("jvm");
                string(g, "vendor", h.jvm().vendor());
                string(g, "version", h.jvm().version());
                string(g, "vm", h.jvm().vm());
                strings(g, "arguments", h.jvm().arguments());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        if (f.target() != null) {
            Facts.Target t = f.target();
            g.writeObjectFieldStart("target");
            string(g, "path", t.path());
            string(g, "real_path", t.realPath());
            string(g, "mount_point", t.mountPoint());
            string(g, "fs_type", t.fsType());
            string(g, "source", t.source());
            string(g, "mount_options", t.mountOptions());
            string(g, "super_options", t.superOptions());
            if (t.nfs() != null) {
                g.writeFieldName("nfs");
                nfs(g, t.nfs());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void nfs(JsonGenerator g, NfsCounters n) throws IOException {
        g.writeStartObject();
        string(g, "options", n.options());
        g.writeNumberField("sends", n.sends());
        g.writeNumberField("requests", n.requests());
        g.writeNumberField("transmissions", n.transmissions());
        g.writeNumberField("retransmits", n.retransmits());
        g.writeNumberField("major_timeouts", n.majorTimeouts());
        g.writeEndObject();
    }

    private static void flags(JsonGenerator g, String name, OpenFlags flags) throws IOException {
        if (flags != null) {
            g.writeObjectFieldStart(name);
            string(g, "octal", flags.octal());
            strings(g, "names", flags.names());
            g.writeEndObject();
        }
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void number(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value);
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values != null) {
            g.writeArrayFieldStart(name);
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
    }
}
