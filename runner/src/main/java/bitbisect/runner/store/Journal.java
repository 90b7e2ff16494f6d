package bitbisect.runner.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code journal.jsonl}: one line per run start, finish and skip, in the order they happened,
 * each fsynced as it is appended. A line torn by a crash is left as it is and named; the next
 * entry starts on a line of its own.
 */
final class Journal {

    private static final ObjectMapper JSON = ResultsStore.JSON;

    private Journal() {
    }

    /** Appends one line to journal.jsonl and makes it durable. */
    static void append(Path journal, JournalEntry what, String cell, int run, String host, String detail) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("what", what.label());
        line.put("cell", cell);
        line.put("run", run);
        line.put("host", host);
        if (detail != null) {
            line.put("detail", detail);
        }
        appendLine(journal, line);
    }

    /**
     * Appends {@code value} as one JSON line and makes it durable. Appended at the end by
     * position: the one process holding the sweep's lock writes here.
     */
    static void appendLine(Path file, Object value) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // A crash mid-append leaves a torn last line: start on a new line rather than join it.
            boolean torn = false;
            if (ch.size() > 0) {
                java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
                ch.read(last, ch.size() - 1);
                torn = last.get(0) != '\n';
            }
            java.nio.ByteBuffer entry = java.nio.ByteBuffer.wrap(((torn ? "\n" : "") + JSON.writeValueAsString(value)
                    + "\n").getBytes(StandardCharsets.UTF_8));
            long at = ch.size();
            while (entry.hasRemaining()) {
                at += ch.write(entry, at);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /**
     * The runs whose last line in the journal is a skip, with its reason ("not run: ... a hung
     * mount?"), in the order they were skipped: the preflight or the sweep held them back, and the
     * next sweep runs them.
     */
    static Map<String, String> skipped(Path journal) throws IOException {
        Map<String, String> skipped = new LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode n : entries(journal)) {
            if (!n.has("cell") || !n.has("run")) {
                continue;
            }
            String run = n.path("cell").asText() + " run " + n.path("run").asInt();
            skipped.remove(run);
            if (n.path("what").asText().equals(JournalEntry.SKIP.label())) {
                skipped.put(run, n.path("detail").asText(""));
            }
        }
        return skipped;
    }

    /** The journal's lines that read, in order; a torn one is left out (named by {@link #problems}). */
    private static List<com.fasterxml.jackson.databind.JsonNode> entries(Path journal) throws IOException {
        List<com.fasterxml.jackson.databind.JsonNode> entries = new ArrayList<>();
        if (!Files.exists(journal)) {
            return entries;
        }
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            try {
                entries.add(JSON.readTree(line));
            } catch (IOException torn) {
                // named by problems
            }
        }
        return entries;
    }

    /** Host to job id, for the last job-held line of each host not followed by its release. */
    static Map<String, String> heldJobs(Path journal) throws IOException {
        Map<String, String> held = new LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode n : entries(journal)) {
            String what = n.path("what").asText();
            String host = n.path("host").asText(null);
            String job = n.path("detail").asText("").split(" ")[0];
            if (host == null || job.isEmpty()) {
                continue;
            }
            if (what.equals(JournalEntry.JOB_HELD.label())) {
                held.put(host, job);
            } else if (what.equals(JournalEntry.JOB_RELEASED.label())) {
                held.remove(host, job);
            }
        }
        return held;
    }

    /**
     * journal.jsonl lines that cannot be what this journal wrote: lines that are not JSON (a crash
     * cut them) and lines that repeat an earlier one exactly (each line has its own time to the
     * microsecond, so a repeat was copied in or written twice by something else). Harmless to the
     * evidence, which the run files hold; named so nobody wonders.
     */
    static List<Damage> problems(Path journal) throws IOException {
        if (!Files.exists(journal)) {
            return List.of();
        }
        List<Damage> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                JSON.readTree(lines.get(i));
            } catch (IOException e) {
                out.add(new Damage(journal, "line " + (i + 1) + " is torn (cut by a crash mid-write)",
                        "nothing to do: the journal is a log, and later entries start on a line of their own"));
                continue;
            }
            Integer first = seen.putIfAbsent(lines.get(i), i + 1);
            if (first != null) {
                out.add(new Damage(journal, "line " + (i + 1) + " repeats line " + first + " exactly (copied in, or"
                        + " written twice by something other than bitbisect?)", "nothing to do for the evidence, which"
                        + " the run files hold; find what wrote it if nobody edited the journal"));
            }
        }
        return out;
    }
}
