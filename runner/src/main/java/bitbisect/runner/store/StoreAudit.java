package bitbisect.runner.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A sweep's store checking itself as it is read (docs/results-layout.md, "The store checks
 * itself"): which runs are settled, and everything that cannot count as evidence, each named with
 * its path and what to do: damaged or impossible summaries, summaries without their events or
 * disagreeing with them, directories that are no cell of the sweep, torn journal lines, temporary
 * files of processes that are gone.
 */
final class StoreAudit {

    private final ResultsStore store;
    private final Path dir;

    StoreAudit(ResultsStore store) {
        this.store = store;
        this.dir = store.dir();
    }

    /**
     * Every settled run, by cell id in run order, and everything in the store that cannot count:
     * each with its path and what to do. See {@link #inspect(String, int)} for what settles a run.
     */
    Runs runs() throws IOException {
        return audit(null, new ReadProgress()).runs();
    }

    /**
     * The runs as {@link #runs()} finds them, with the rows of every counted run that has corrupt
     * words and details in its summary, read in the pass that checks its events (by
     * {@link SweepData#runKey}, rows standing for the cell's index in {@code cellIndex}). A run
     * without details in its summary (an older store) has no rows here: its reader parses it whole.
     */
    Audited runsWithRows(Map<String, Integer> cellIndex, ReadProgress progress) throws IOException {
        return audit(cellIndex, progress);
    }

    /**
     * What the audit found, the rows read on the way (empty when none were asked for), and the
     * temporary files of processes that are gone (also in the damage), for a writer to remove.
     */
    record Audited(Runs runs, Map<Long, EventsFile.Rows> rows, List<Path> staleTempFiles) {
    }

    private Audited audit(Map<String, Integer> cellIndex, ReadProgress progress) throws IOException {
        Map<String, List<RunSummary>> byCell = new TreeMap<>();
        Map<Long, EventsFile.Rows> rows = new HashMap<>();
        List<Damage> damage = new ArrayList<>();
        Set<String> planned = plannedCells();
        String sweepIdentity = store.sweepIdentity();
        Path cells = dir.resolve("cells");
        List<Path> stale = new ArrayList<>();
        collectStaleTempFiles(dir, 0, true, stale);
        if (Files.isDirectory(cells)) {
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> list = Files.newDirectoryStream(cells)) {
                list.forEach(entries::add);
            }
            entries.sort(null);
            progress.cells(entries.size());
            // Cells share no files, so they are inspected in parallel (in order when gathered):
            // ten thousand summaries and the events of every corrupt run are most of the time a
            // large sweep's report takes to load.
            List<CellAudit> audits;
            try {
                audits = entries.parallelStream().map(cellDir -> {
                    CellAudit audit = audit(cellDir, planned, sweepIdentity, cellIndex);
                    progress.cellChecked();
                    return audit;
                }).toList();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            for (CellAudit audit : audits) {
                if (!audit.runs().isEmpty()) {
                    byCell.put(audit.cell(), audit.runs());
                }
                rows.putAll(audit.rows());
                damage.addAll(audit.damage());
                stale.addAll(audit.staleTempFiles());
            }
        }
        damage.addAll(Journal.problems(dir.resolve("journal.jsonl")));
        stale.sort(null);
        damage.addAll(stale.stream().map(f -> new Damage(f, "a temporary file of a process that is gone",
                "removed by the next sweep, rerun, cube or report")).toList());
        return new Audited(new Runs(byCell, damage), rows, stale);
    }

    /**
     * One cell directory's runs that count (settled or unsettled), in run order, their rows if
     * asked for, its damage, and its temporary files of processes that are gone.
     */
    private record CellAudit(String cell, List<RunSummary> runs, Map<Long, EventsFile.Rows> rows, List<Damage> damage,
                             List<Path> staleTempFiles) {
    }

    private CellAudit audit(Path cellDir, Set<String> planned, String sweepIdentity, Map<String, Integer> cellIndex) {
        String cell = cellDir.getFileName().toString();
        if (!Files.isDirectory(cellDir)) {
            return new CellAudit(cell, List.of(), Map.of(), List.of(notACell(cellDir)), List.of());
        }
        if (Files.isSymbolicLink(cellDir)) {
            // The sweep's runs are written here and nowhere else: a link brings in what another sweep (or a copy) holds.
            return new CellAudit(cell, List.of(), Map.of(), List.of(new Damage(cellDir, "a link to " + target(cellDir)
                    + ", not a cell directory this sweep wrote", "its runs are not counted; remove the link, and the"
                    + " next sweep runs the cell here")), List.of());
        }
        // One listing answers which runs there are, which of their files exist and which files are stale.
        Set<String> names = new HashSet<>();
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(cellDir)) {
            for (Path f : files) {
                names.add(f.getFileName().toString());
                if (staleTempFile(f)) {
                    stale.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (planned != null && !planned.contains(cell)) {
            return new CellAudit(cell, List.of(), Map.of(), List.of(notACell(cellDir)), stale);
        }
        // a cell no longer in the matrix has no index: its runs are read, but nobody wants their rows
        int rowsCell = cellIndex == null ? -1 : cellIndex.getOrDefault(cell, -1);
        List<Integer> runNumbers = new ArrayList<>();
        for (String n : names) {
            int run = n.endsWith(".json") && !n.contains(".attempt") ? ResultsStore.runNumber(n) : 0;
            if (run > 0) {
                runNumbers.add(run);
            }
        }
        runNumbers.sort(null);
        Predicate<Path> exists = f -> names.contains(f.getFileName().toString());
        List<RunSummary> runs = new ArrayList<>();
        Map<Long, EventsFile.Rows> rows = new HashMap<>();
        List<Damage> damage = new ArrayList<>();
        for (int run : runNumbers) {
            Inspected inspected = inspect(cell, run, sweepIdentity, rowsCell, exists);
            if (inspected.state() instanceof RunState.Settled settled) {
                runs.add(settled.summary());
            } else if (inspected.state() instanceof RunState.Unsettled unsettled) {
                runs.add(unsettled.summary());
            } else if (inspected.state() instanceof RunState.Damaged damaged) {
                damage.add(damaged.damage());
            }
            if (inspected.rows() != null) { // only a run that counts carries rows
                rows.put(SweepData.runKey(rowsCell, run), inspected.rows());
            }
        }
        return new CellAudit(cell, runs, rows, damage, stale);
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "somewhere that cannot be read";
        }
    }

    private static Damage notACell(Path dir) {
        return new Damage(dir, "not a cell of this sweep", "its runs are not counted; move it out of cells/");
    }

    /**
     * What the store holds of one run. A run is settled when its summary reads, holds possible
     * values, names this cell and run, has its events file beside it, and (for a corrupt run)
     * agrees with it on the number of corrupt words: events printed plus those the writer counted
     * but did not print. An unreachable run has a summary but is not settled.
     */
    RunState inspect(String cell, int run) {
        String sweepIdentity;
        try {
            sweepIdentity = store.sweepIdentity();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inspect(cell, run, sweepIdentity, -1, Files::exists).state();
    }

    /** A run's state, and its rows when they were asked for ({@code rowsCell} >= 0) and it has any to read; else null. */
    private record Inspected(RunState state, EventsFile.Rows rows) {

        Inspected(RunState state) {
            this(state, null);
        }
    }

    /** {@code exists} tells which of the run's files are there (the audit asks its listing of the cell). */
    private Inspected inspect(String cell, int run, String sweepIdentity, int rowsCell, Predicate<Path> exists) {
        ResultsStore.RunFiles files = store.runFiles(cell, run);
        if (!exists.test(files.summary())) {
            return new Inspected(exists.test(files.events()) ? new RunState.CutShort() : new RunState.Absent());
        }
        String rerun = "the next sweep runs it again (these files are kept aside as an attempt)";
        RunSummary summary;
        try {
            summary = ResultsStore.readJson(files.summary(), RunSummary.class);
        } catch (DamagedFile e) {
            return new Inspected(damaged(files.summary(), e.problem(), rerun));
        } catch (IOException e) {
            return new Inspected(damaged(files.summary(), "cannot be read: " + e.getMessage(), rerun));
        }
        String impossible = impossibleValues(summary, cell, run, sweepIdentity);
        if (impossible != null) {
            return new Inspected(damaged(files.summary(), impossible, rerun));
        }
        if (!exists.test(files.events())) {
            return new Inspected(damaged(files.summary(), "a run summary without its events ("
                    + files.events().getFileName() + " is missing)", "restore it from a copy, or " + rerun));
        }
        String unheld = eventsCannotHold(summary, files.events());
        if (unheld != null) {
            return new Inspected(damaged(files.summary(), unheld, "restore it from a copy, or " + rerun));
        }
        // Rows are read from a run whose summary carries its details; one without (an older store) is parsed whole by its reader.
        boolean wantRows = rowsCell >= 0 && summary.details() != null && summary.corruptWords() > 0;
        EventsFile.Read read = null;
        if (summary.status() == RunStatus.CORRUPT || wantRows) {
            try {
                // the rows file, where it still stands for the events file, spares parsing the events
                Optional<EventsFile.Read> cached = exists.test(files.rows())
                        ? RowsFile.read(files.rows(), files.events(), wantRows ? rowsCell : -1, run) : Optional.empty();
                read = cached.isPresent() ? cached.get()
                        : wantRows ? EventsFile.withRows(files.events(), rowsCell, run) : EventsFile.count(files.events());
            } catch (IOException | UncheckedIOException e) {
                if (summary.status() != RunStatus.CORRUPT) {
                    throw e instanceof IOException io ? new UncheckedIOException(io) : (UncheckedIOException) e;
                }
                return new Inspected(damaged(files.events(), "cannot be read", rerun));
            }
        }
        if (summary.status() == RunStatus.CORRUPT && read.words() != summary.corruptWords()) {
            return new Inspected(damaged(files.summary(), "says " + summary.corruptWords() + " corrupt words but "
                    + files.events().getFileName() + " holds " + read.corruptionEvents() + " corruption events"
                    + (read.extentWords() > 0 ? ", " + read.extentWords() + " more words in extents" : "")
                    + (read.notPrinted() > 0 ? " and " + read.notPrinted() + " not printed" : "") + " (a file truncated or"
                    + " edited by hand?)", "restore it from a copy, or " + rerun));
        }
        RunState state = summary.status() == RunStatus.UNREACHABLE ? new RunState.Unsettled(summary)
                : new RunState.Settled(summary);
        return new Inspected(state, wantRows ? read.rows() : null);
    }

    /** The fewest bytes an iteration's line takes in an events file: {"event":"iteration","iteration":1,...}. */
    private static final long ITERATION_LINE = 40;

    /**
     * Why the run's events file cannot be what its counted iterations came from, or null: a
     * clean or corrupt summary counts from an end event that came after one line per iteration,
     * so an empty or tiny events file under a large count was truncated, replaced or never there.
     * A look at the file's size, not a parse: the audit reads every run's.
     */
    private static String eventsCannotHold(RunSummary s, Path events) {
        if (!s.status().isEvidence() || s.iterations() == 0) {
            return null;
        }
        long size;
        try {
            size = Files.size(events);
        } catch (IOException e) {
            return null; // read as any other when it is parsed
        }
        if (size >= s.iterations() * ITERATION_LINE) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "counts %,d iterations, but %s holds %,d bytes (an iteration's"
                + " line takes %d or more): truncated, replaced or edited by hand?", s.iterations(),
                events.getFileName(), size, ITERATION_LINE);
    }

    private static RunState damaged(Path file, String problem, String action) {
        return new RunState.Damaged(new Damage(file, problem, action));
    }

    /** Why a summary's values cannot be true, or null. */
    private static String impossibleValues(RunSummary s, String cell, int run, String sweepIdentity) {
        if (s.status() == null) {
            return "has no status";
        }
        if (!cell.equals(s.cell()) || run != s.run()) {
            return "names cell " + s.cell() + " run " + s.run() + ", not the run of its file (copied from another cell?)";
        }
        if (s.sweep() != null && sweepIdentity != null && !s.sweep().equals(sweepIdentity)) {
            return "belongs to sweep " + s.sweep() + ", not to this one (" + sweepIdentity + "): copied from another sweep?";
        }
        if (s.iterations() < 0 || s.corruptIterations() < 0 || s.corruptWords() < 0 || s.bytesWritten() < 0
                || s.bytesVerified() < 0 || s.elapsedSeconds() < 0) {
            return "holds a negative count (iterations " + s.iterations() + ", corrupt iterations "
                    + s.corruptIterations() + ", corrupt words " + s.corruptWords() + ", bytes " + s.bytesVerified()
                    + ")";
        }
        if (s.corruptIterations() > s.iterations()) {
            return "has more corrupt iterations (" + s.corruptIterations() + ") than iterations (" + s.iterations() + ")";
        }
        if (s.status() == RunStatus.CLEAN && (s.corruptIterations() > 0 || s.corruptWords() > 0)) {
            return "is clean yet counts corrupt words";
        }
        return null;
    }

    /**
     * The cells of the sweep: its planned cells and those of its saved matrix (a hunt plans no
     * runs ahead, and a rerun may add runs to any cell); null when sweep.json is not there (a store
     * being created). A saved matrix that no longer loads is reported by the commands that need it.
     */
    private Set<String> plannedCells() throws IOException {
        Optional<SweepRecord> sweep = store.sweep();
        if (sweep.isEmpty()) {
            return null;
        }
        Set<String> cells = new HashSet<>();
        sweep.get().plan().forEach(p -> cells.add(p.cell()));
        try {
            store.matrix().cells().forEach(c -> cells.add(c.id()));
        } catch (IOException e) {
            // the plan alone, then
        }
        return cells;
    }

    /** Temporary files (.NAME.tmp-PID...) whose writing process is gone: left by a crash or kill -9. */
    List<Path> staleTempFiles() {
        List<Path> out = new ArrayList<>();
        collectStaleTempFiles(dir, 0, false, out);
        return out;
    }

    private static boolean staleTempFile(Path f) {
        String name = f.getFileName().toString();
        if (name.charAt(0) != '.') { // nearly every file: no pattern to match
            return false;
        }
        java.util.regex.Matcher m = ResultsStore.TEMP_FILE.matcher(name);
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
    }

    /**
     * Adds the stale temporary files in {@code d}, at {@code depth} below the sweep directory, and
     * in its directories down to depth 3 (a cell's run files); the cells' own directories only
     * when {@code notInCells} is false (the audit lists those itself). A directory that vanished
     * while it was looked at held nothing stale.
     */
    private static void collectStaleTempFiles(Path d, int depth, boolean notInCells, List<Path> out) {
        List<Path> subdirectories = new ArrayList<>();
        boolean descend = depth < 2 && !(notInCells && depth == 1 && d.getFileName().toString().equals("cells"));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
            for (Path f : entries) {
                if (staleTempFile(f)) {
                    out.add(f);
                }
                if (descend && Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                    subdirectories.add(f);
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            return;
        }
        for (Path sub : subdirectories) {
            collectStaleTempFiles(sub, depth + 1, notInCells, out);
        }
    }
}
