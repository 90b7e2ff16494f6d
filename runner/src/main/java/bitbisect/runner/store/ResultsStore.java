package bitbisect.runner.store;

import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.matrix.MatrixError;
import bitbisect.runner.matrix.MatrixLoader;
import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One sweep's results on disk (docs/results-layout.md):
 * <pre>
 * results/SWEEP/
 *   sweep.json                   what the sweep is: seed, versions, planned runs in order
 *   matrix.yaml                  the matrix as run
 *   journal.jsonl                every run start and finish, in the order they happened
 *   bisect.jsonl                 a hunt's decisions: each round's runs and why (bisect only)
 *   hosts/HOST.json              facts the writer reported on that host
 *   cells/CELL/run-001.jsonl     the writer's events, streamed as they arrive
 *   cells/CELL/run-001.stderr    the writer's messages
 *   cells/CELL/run-001.json      the run's summary; written last and atomically: a run is done
 *                                exactly when this file exists
 * </pre>
 * A run whose events exist without a summary was cut short by a crash, and a run whose host was
 * unreachable is not settled either; before such a run goes again its files are renamed to
 * run-001.attempt1.jsonl / .stderr / .json, so nothing is lost and nothing half written is ever
 * read as a result.
 */
public final class ResultsStore implements AutoCloseable {

    static final ObjectMapper JSON = EventCodec.mapper();
    private static final ObjectWriter PRETTY = JSON.writerWithDefaultPrettyPrinter();
    /** run-007.jsonl, run-007.attempt1.stderr, ...: group 1 is the run number. */
    private static final java.util.regex.Pattern RUN_FILE = java.util.regex.Pattern.compile("run-(\\d+)\\..*");
    /** AtomicFiles' and the cube's temporary names: .NAME.tmp-PID or .NAME.tmp-PID-THREAD; group 1 is the pid. */
    static final java.util.regex.Pattern TEMP_FILE = java.util.regex.Pattern.compile("\\..+\\.tmp-(\\d+)(?:-\\d+)?");

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** The saved matrix as last parsed, with the text and name it was parsed from. */
    private ParsedMatrix parsed;

    private record ParsedMatrix(String text, String name, Matrix matrix) {
    }

    private ResultsStore(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating if needed) the sweep directory for writing; only one process may hold it. */
    public static ResultsStore openForWriting(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("cells"));
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new SweepInUse("sweep " + dir + " is in use by another bitbisect process; nothing ran: wait for it"
                    + " or stop it");
        }
        ResultsStore store = new ResultsStore(dir, ch, lock);
        store.removeStaleTempFiles();
        return store;
    }

    /** Opens a sweep directory to read it (status, report); takes no lock. */
    public static ResultsStore openForReading(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("sweep.json"))) {
            throw new IOException("no sweep at " + dir + " (sweep.json is missing)");
        }
        return new ResultsStore(dir, null, null);
    }

    /** Whether another process holds the sweep (a sweep or rerun is running). */
    public boolean inUse() {
        if (lock != null) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe != null) {
                probe.release();
                return false;
            }
            return true;
        } catch (IOException | OverlappingFileLockException e) {
            return true;
        }
    }

    public Path dir() {
        return dir;
    }

    // ---- sweep definition ----------------------------------------------------------------

    public Optional<SweepRecord> sweep() throws IOException {
        Path file = dir.resolve("sweep.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(readJson(file, SweepRecord.class));
        } catch (DamagedFile e) {
            throw new IOException(e.getMessage() + "; the sweep cannot be read without it: restore it from a copy", e);
        }
    }

    private volatile String sweepIdentity;

    /** This sweep's {@link SweepRecord#identity} (from sweep.json, read once), for the runs it records; null before sweep.json exists. */
    public String sweepIdentity() throws IOException {
        if (sweepIdentity == null) {
            sweepIdentity = sweep().map(SweepRecord::identity).orElse(null);
        }
        return sweepIdentity;
    }

    public void writeSweep(SweepRecord record, String matrixText) throws IOException {
        AtomicFiles.write(dir.resolve("matrix.yaml"), matrixText.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("sweep.json"), PRETTY.writeValueAsBytes(record));
    }

    public Path matrixFile() {
        return dir.resolve("matrix.yaml");
    }

    /** The matrix as the sweep ran it (matrix.yaml beside sweep.json). */
    public String matrixText() throws IOException {
        return Files.readString(matrixFile(), StandardCharsets.UTF_8);
    }

    /**
     * The matrix the sweep ran, parsed: the one place a sweep's saved matrix is read back. Parsed
     * again only when the file changed: a large matrix takes most of a second, and reading a
     * sweep asks for it more than once.
     */
    public synchronized Matrix matrix() throws IOException {
        String name = sweep().map(SweepRecord::name).orElse(dir.getFileName().toString());
        String text = matrixText();
        if (parsed != null && parsed.text().equals(text) && parsed.name().equals(name)) {
            return parsed.matrix();
        }
        try {
            parsed = new ParsedMatrix(text, name, MatrixLoader.parse(matrixFile().toString(), name, text));
            return parsed.matrix();
        } catch (MatrixError e) {
            throw new IOException("the matrix saved with sweep " + dir.getFileName() + " no longer loads:\n"
                    + e.getMessage(), e);
        }
    }

    /**
     * The sweep under {@code root} changed most recently (its journal, else its sweep.json), or
     * none when there is no sweep there yet.
     */
    public static Optional<Path> latest(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("sweep.json")))
                    .max(java.util.Comparator.comparing(ResultsStore::lastChange));
        }
    }

    private static java.nio.file.attribute.FileTime lastChange(Path sweepDir) {
        try {
            Path journal = sweepDir.resolve("journal.jsonl");
            return Files.getLastModifiedTime(Files.exists(journal) ? journal : sweepDir.resolve("sweep.json"));
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    // ---- runs ----------------------------------------------------------------------------

    /** Files of one run; {@code rows} is a cache of what its events say ({@link RowsFile}). */
    public record RunFiles(Path events, Path stderr, Path summary, Path rows) {
    }

    public RunFiles runFiles(String cell, int run) {
        Path cellDir = within("cells", cell);
        String base = runBase(run);
        return new RunFiles(cellDir.resolve(base + ".jsonl"), cellDir.resolve(base + ".stderr"),
                cellDir.resolve(base + ".json"), cellDir.resolve(base + ".rows"));
    }

    /** Writes the rows file of a run as its events arrive (the recorder's, beside the events file). */
    public RowsFile.Writer rowsWriter(String cell, int run) {
        return new RowsFile.Writer(runFiles(cell, run).rows());
    }

    /**
     * Prepares a fresh attempt of a run: earlier, interrupted attempts' files are renamed aside
     * (run-001.attempt1.jsonl, ...). Returns the attempt number, 1 for a first try.
     */
    public int beginAttempt(String cell, int run) throws IOException {
        RunFiles files = runFiles(cell, run);
        Files.createDirectories(files.events().getParent());
        int attempt = 1;
        while (Files.exists(aside(files.events(), attempt))) {
            attempt++;
        }
        if (Files.exists(files.events()) || Files.exists(files.stderr()) || Files.exists(files.summary())) {
            for (Path f : List.of(files.events(), files.stderr(), files.summary(), files.rows())) {
                if (Files.exists(f)) {
                    Files.move(f, aside(f, attempt));
                }
            }
            attempt++;
        }
        AtomicFiles.syncDirectory(files.events().getParent());
        return attempt;
    }

    private static Path aside(Path file, int attempt) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling(name.substring(0, dot) + ".attempt" + attempt + name.substring(dot));
    }

    public void writeSummary(RunSummary summary) throws IOException {
        AtomicFiles.write(runFiles(summary.cell(), summary.run()).summary(), PRETTY.writeValueAsBytes(summary));
    }

    /**
     * Every settled run, by cell id in run order, and everything in the store that cannot count:
     * each with its path and what to do (StoreAudit).
     */
    public Runs runs() throws IOException {
        return new StoreAudit(this).runs();
    }

    /** What the store holds of one run (StoreAudit says when a run is settled). */
    public RunState inspect(String cell, int run) {
        return new StoreAudit(this).inspect(cell, run);
    }

    /** Every finished run (settled or unreachable), by cell id, in run order; damaged runs left out. */
    public Map<String, List<RunSummary>> summaries() throws IOException {
        return runs().byCell();
    }

    /** Whether a run is settled: a later sweep need not run it again. */
    public boolean isDone(String cell, int run) {
        return inspect(cell, run) instanceof RunState.Settled;
    }

    /** Runs whose events exist but whose summary does not: cut short by a crash, or running now. */
    public List<SweepRecord.PlannedRun> unfinished() throws IOException {
        List<SweepRecord.PlannedRun> out = new ArrayList<>();
        for (Path f : runFiles(".jsonl")) {
            int run = runNumber(f.getFileName().toString());
            String cell = f.getParent().getFileName().toString();
            if (inspect(cell, run) instanceof RunState.CutShort) {
                out.add(new SweepRecord.PlannedRun(cell, run));
            }
        }
        return out;
    }

    /** Every cells/CELL/run-NNN{suffix} (not the attempt files), in name order. */
    List<Path> runFiles(String suffix) throws IOException {
        Path cells = dir.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(cells, 2)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(suffix) && runNumber(name) > 0 && !name.contains(".attempt");
            }).sorted().toList();
        }
    }

    /** The highest run number of a cell that has files, 0 when none. */
    public int lastRun(String cell) throws IOException {
        Path cellDir = within("cells", cell);
        if (!Files.isDirectory(cellDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(cellDir)) {
            return files.mapToInt(p -> runNumber(p.getFileName().toString())).max().orElse(0);
        }
    }

    /** The run number in a run file's name, 0 for other files. */
    /** "run-007": a run's files' names without their suffix (by hand: a report names ten thousand runs twice). */
    static String runBase(int run) {
        String digits = Integer.toString(run);
        return digits.length() >= 3 ? "run-" + digits : "run-00".substring(0, 7 - digits.length()) + digits;
    }

    static int runNumber(String fileName) {
        java.util.regex.Matcher m = RUN_FILE.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    // ---- journal and host facts ----------------------------------------------------------

    /** Appends one line to journal.jsonl and makes it durable. */
    public synchronized void journal(JournalEntry what, String cell, int run, String host, String detail) {
        Journal.append(dir.resolve("journal.jsonl"), what, cell, run, host, detail);
    }

    /**
     * Writes down that Slurm job {@code job} holds {@code host}'s node ({@code held} true, with
     * how: submitted, adopted) or no longer does ({@code held} false, with why), before the sweep
     * relies on it: a coordinator started after a crash adopts the jobs still held.
     */
    public synchronized void journalJob(String host, String job, boolean held, String detail) {
        Journal.append(dir.resolve("journal.jsonl"), held ? JournalEntry.JOB_HELD : JournalEntry.JOB_RELEASED,
                null, 0, host, job + " " + detail);
    }

    /** The Slurm job each host's node was held by when last written down, for jobs not released since. */
    /** "CELL run N" to the reason, for each run the journal last says was skipped (not run yet, and why). */
    public synchronized Map<String, String> skipped() throws IOException {
        return Journal.skipped(dir.resolve("journal.jsonl"));
    }

    public synchronized Map<String, String> heldJobs() throws IOException {
        return Journal.heldJobs(dir.resolve("journal.jsonl"));
    }

    /** Appends one decision of a hunt to bisect.jsonl and makes it durable. */
    public synchronized void logHunt(HuntLog.Entry entry) {
        HuntLog.append(dir, entry);
    }

    /** The hunt's decisions (bisect.jsonl), in order; empty for a sweep that is not a hunt. */
    public List<HuntLog.Entry> hunt() throws IOException {
        return HuntLog.read(dir);
    }

    /** Records a host's facts from a writer start event (the latest wins). */
    public void writeHostFacts(String host, JsonNode facts) throws IOException {
        AtomicFiles.write(within("hosts", host + ".json"), PRETTY.writeValueAsBytes(facts));
    }

    /**
     * Every host's facts (hosts/HOST.json), in host order. A file that does not read is added to
     * {@code damage} and left out.
     */
    public List<HostFacts> hostFacts(List<Damage> damage) throws IOException {
        return HostFacts.readAll(dir.resolve("hosts"), damage);
    }

    /**
     * {@code dir/a/b...}, where each name must be a plain file name: whatever a matrix, a hand
     * edit or a bug hands the store, it never writes outside its sweep directory.
     */
    private Path within(String... names) {
        Path p = dir;
        for (String name : names) {
            if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")
                    || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("refusing a path outside the sweep directory " + dir + ": \""
                        + name + "\" is not a plain file name");
            }
            p = p.resolve(name);
        }
        return p;
    }

    /** Removes the temporary files of processes that are gone; called by every command that writes here. */
    public void removeStaleTempFiles() throws IOException {
        for (Path f : new StoreAudit(this).staleTempFiles()) {
            Files.deleteIfExists(f);
        }
    }

    /** Reads a JSON file of the store, naming the file and the place in it when it is damaged. */
    static <T> T readJson(Path file, Class<T> type) throws IOException {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new DamagedFile(file, "is damaged: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.release();
        }
        if (lockChannel != null) {
            lockChannel.close();
        }
    }
}
