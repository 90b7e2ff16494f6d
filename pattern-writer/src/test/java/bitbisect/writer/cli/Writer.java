package bitbisect.writer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Runs pattern-writer in this JVM and parses what it printed. */
record Writer(int exit, List<Event> events, String stdout, String stderr) {

    static Writer run(String... args) {
        CommandLine cmd = PatternWriter.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        List<Event> events = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isEmpty()) {
                try {
                    events.add(EventCodec.parse(line));
                } catch (JsonProcessingException e) {
                    throw new AssertionError("stdout line is not an event: " + line, e);
                }
            }
        }
        return new Writer(exit, events, out.toString(), err.toString());
    }

    <T extends Event> List<T> all(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    <T extends Event> T only(Class<T> type) {
        List<T> found = all(type);
        assertEquals(1, found.size(), () -> "expected one " + type.getSimpleName() + " in\n" + stdout + stderr);
        return found.get(0);
    }

    Event.End end() {
        return only(Event.End.class);
    }

    /** XORs {@code mask} into the little-endian word at {@code offset} of {@code file}. */
    static void flip(Path file, long offset, long mask) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer word = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(word, offset);
            long flipped = word.getLong(0) ^ mask;
            word.clear();
            word.putLong(0, flipped);
            ch.write(word, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
