package bitbisect.runner.cube;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.matrix.MatrixError;
import bitbisect.runner.matrix.MatrixLoader;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepRecord;
import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything a sweep stored, read once into plain values for the cube and the analysis: the
 * matrix as run, every finished run, every corruption event of those runs, and the host facts.
 * Runs cut short (no summary) and their events are left out, as they are everywhere else.
 */
public record SweepData(
        SweepRecord sweep,
        Matrix matrix,
        String matrixText,
        Map<String, List<RunSummary>> runs,
        List<CorruptionRow> events,
        Map<String, String> hostFacts) {

    /** One corrupt word, with the cell as its index in {@code matrix.cells()}. */
    public record CorruptionRow(int cell, int run, long iteration, long offset, long expected, long actual, long mask,
                                long timeMs) {
    }

    public static SweepData load(Path sweepDir) throws IOException {
        try (ResultsStore store = ResultsStore.openForReading(sweepDir)) {
            SweepRecord sweep = store.sweep().orElseThrow();
            String text = Files.readString(store.matrixFile(), StandardCharsets.UTF_8);
            Matrix matrix;
            try {
                matrix = MatrixLoader.parse(store.matrixFile().toString(), sweep.name(), text);
            } catch (MatrixError e) {
                throw new IOException("the matrix saved with sweep " + sweep.id() + " no longer loads:\n" + e.getMessage(), e);
            }
            Map<String, Integer> cellIndex = new HashMap<>();
            List<Cell> cells = matrix.cells();
            for (int i = 0; i < cells.size(); i++) {
                cellIndex.put(cells.get(i).id(), i);
            }
            Map<String, List<RunSummary>> runs = store.summaries();
            List<CorruptionRow> events = new ArrayList<>();
            for (Map.Entry<String, List<RunSummary>> e : runs.entrySet()) {
                Integer cell = cellIndex.get(e.getKey());
                if (cell == null) {
                    continue; // a cell no longer in the matrix cannot have happened; ignore stray files
                }
                for (RunSummary r : e.getValue()) {
                    readEvents(store.runFiles(e.getKey(), r.run()).events(), cell, r.run(), events);
                }
            }
            return new SweepData(sweep, matrix, text, runs, events, hostFacts(sweepDir.resolve("hosts")));
        }
    }

    private static void readEvents(Path file, int cell, int run, List<CorruptionRow> out) throws IOException {
        if (!Files.exists(file)) {
            return; // a run recorded without starting (unreachable host) has no output
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.contains("\"event\":\"corruption\"")) {
                    continue; // most lines are not corruption: skip them without parsing
                }
                try {
                    if (EventCodec.parse(line) instanceof Event.Corruption c) {
                        out.add(new CorruptionRow(cell, run, c.iteration(), c.offset(), word(c.expected()),
                                word(c.actual()), word(c.mask()), c.timeMs()));
                    }
                } catch (JsonProcessingException notAnEvent) {
                    // kept verbatim in the store, not an event
                }
            }
        }
    }

    static long word(String hex) {
        return Long.parseUnsignedLong(hex.substring(2), 16);
    }

    private static Map<String, String> hostFacts(Path dir) throws IOException {
        Map<String, String> facts = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json"))::iterator) {
                    String name = f.getFileName().toString();
                    facts.put(name.substring(0, name.length() - ".json".length()), Files.readString(f));
                }
            }
        }
        return facts;
    }
}
