package bitbisect.writer.event;

import bitbisect.writer.facts.Facts;
import bitbisect.writer.facts.NfsCounters;
import bitbisect.writer.io.IoOperation;
import bitbisect.writer.io.OpenFlags;
import bitbisect.writer.verify.CorruptionKind;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * One line of the writer's JSON Lines output. The {@code "event"} field names the kind; field
 * names are snake_case. docs/writer-output.md shows an example of each.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "event")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Event.Start.class, name = "start"),
    @JsonSubTypes.Type(value = Event.Iteration.class, name = "iteration"),
    @JsonSubTypes.Type(value = Event.Corruption.class, name = "corruption"),
    @JsonSubTypes.Type(value = Event.Extent.class, name = "extent"),
    @JsonSubTypes.Type(value = Event.SizeMismatch.class, name = "size_mismatch"),
    @JsonSubTypes.Type(value = Event.Stall.class, name = "stall"),
    @JsonSubTypes.Type(value = Event.IoError.class, name = "error"),
    @JsonSubTypes.Type(value = Event.End.class, name = "end"),
})
public sealed interface Event {

    /** What a command was asked to do, as resolved (sizes in bytes). Absent fields did not apply. */
    record Parameters(
            String path,
            long size,
            long block,
            String sync,
            String readback,
            Long readBlock,
            Integer readDepth,
            String pattern,
            Long iterations,
            Double durationSeconds,
            Long iteration,
            String keep,
            Integer keepMax,
            Integer maxEvents,
            double stallSeconds) {
    }

    /** First line of every command: parameters, tool version and the facts of the host and target. */
    record Start(String tool, String version, WriterCommand command, Parameters parameters, Facts facts) implements Event {
    }

    /**
     * One write / read-back / verify cycle (or the one pass of {@code write} or {@code verify}).
     * Phase times are absent for phases that did not run. {@code kept} names the file kept as
     * evidence, if any.
     */
    record Iteration(
            long iteration,
            long bytes,
            Long writeNs,
            Long syncNs,
            Long readNs,
            Long verifyNs,
            long corruptWords,
            OpenFlags writeFlags,
            OpenFlags readFlags,
            String kept) implements Event {
    }

    /**
     * One wrong word. {@code expected}, {@code actual} and {@code mask} are "0x" + 16 hex digits;
     * {@code timeMs} is when it was found, in milliseconds since the epoch.
     */
    record Corruption(
            long iteration,
            long offset,
            String expected,
            String actual,
            String mask,
            List<Integer> bytes,
            long timeMs) implements Event {
    }

    /**
     * Corrupt words close together, after the {@code corruption} events of its words that were
     * printed: every word of a {@code flip} or {@code other} extent, only the first of the other
     * kinds (the extent says the rest). {@code length} is in bytes from {@code offset}; the
     * source fields say where the content came from when the pattern tells, and are absent
     * otherwise. docs/writer-output.md names the kinds.
     */
    record Extent(
            long iteration,
            long offset,
            long length,
            long words,
            CorruptionKind kind,
            Long sourceOffset,
            Long sourceIteration,
            Integer sourceTag) implements Event {

        /** Corrupt words of this extent that have no {@code corruption} event of their own: the extent stands for them. */
        public long wordsWithoutEvents() {
            return kind.everyWordPrinted() ? 0 : words - 1;
        }
    }

    /** The file read back is shorter or longer than what was written: data lost or added. */
    record SizeMismatch(long iteration, long expectedBytes, long actualBytes) implements Event {
    }

    /** A single I/O call has been running longer than the stall threshold; repeated while it lasts. */
    record Stall(long iteration, IoOperation operation, long offset, double seconds) implements Event {
    }

    /** An I/O failure; never counted as corruption. {@code errno} is the symbolic name when known. */
    record IoError(long iteration, IoOperation operation, Long offset, String errno, String message, String path)
            implements Event {
    }

    /** Last line: totals and the outcome. {@code nfs_delta} is present for NFS targets. */
    record End(
            Status status,
            long iterations,
            long corruptIterations,
            long corruptWords,
            long eventsNotPrinted,
            long bytesWritten,
            long bytesVerified,
            long elapsedNs,
            NfsCounters nfsDelta) implements Event {
    }

    /** Outcome of a command; it decides the exit code. */
    enum Status {
        CLEAN(0),
        CORRUPT(1),
        ERROR(3);

        private final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }

        /** The name in the event stream: clean, corrupt, error. */
        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The worse of two outcomes: an I/O error outranks corruption, which outranks clean. */
        public Status worst(Status other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }
}
