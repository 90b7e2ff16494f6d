package bitbisect.runner.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bisect.jsonl}: every decision of a hunt ({@code bitbisect bisect}), one line per round
 * as it is decided (before its runs start) and one when the hunt stops, each fsynced. A round's
 * runs are ordinary runs of the sweep; the line says why they were chosen. A line torn by a crash
 * is skipped when read: that round is decided again from the same evidence.
 */
public final class HuntLog {

    static final String FILE = "bisect.jsonl";

    private HuntLog() {
    }

    /** What a line records. */
    public enum Kind {
        /** The first round: a covering array of the matrix's cells. */
        SCREEN,
        /** Runs chosen for the information they bring about which explanation is true. */
        SEPARATE,
        /** The verdict is settled: runs that test the edges of its explanation before the hunt stops. */
        CONFIRM,
        /**
         * The verdict is settled and its edges tested: a last look, a covering array of the cells
         * outside the explanation, before the hunt stops.
         */
        LOOK,
        /**
         * No corruption to explain yet (or nothing separates the explanations) and cells that never
         * ran: the combinations of three, four ... values no run has shown, at the screen's length.
         */
        COVER,
        /** No corruption to explain yet (or nothing separates the explanations), every cell run: a longer look. */
        EXPLORE,
        /** The hunt stopped; {@code reason} says why. */
        STOP;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why a hunt stopped, written in a stop line as {@code settled}, {@code budget_spent}, {@code nothing_to_run}. */
    public enum Stop {
        /** The verdict names the explanation at the confidence asked for. */
        SETTLED,
        /** The budget is spent before that. */
        BUDGET_SPENT,
        /** No cell can run (every host was left out, or every cell keeps hanging). */
        NOTHING_TO_RUN;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An explanation and its support when the round was decided. */
    public record Leading(String explanation, double support) {
    }

    /** One run chosen: its cell and run number, iterations, expected host seconds and information (nats), and why. */
    public record ChosenRun(String cell, int run, long iterations, double expectedSeconds, double nats, String why) {
    }

    /**
     * One line. {@code verdict} is the report's verdict on the evidence before the round
     * (findings.json's spelling); {@code used*} is what the hunt had spent by then; {@code reason}
     * is why a stop line's hunt stopped (null on a round's line).
     */
    public record Entry(int round, String time, Kind kind, String verdict, List<Leading> leading, List<ChosenRun> runs,
                        long usedIterations, double usedHostSeconds, Stop reason) {
    }

    static void append(Path sweepDir, Entry entry) {
        Journal.appendLine(sweepDir.resolve(FILE), entry);
    }

    /** Every whole line, in order; none when the sweep is not a hunt. */
    static List<Entry> read(Path sweepDir) throws IOException {
        Path file = sweepDir.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                out.add(ResultsStore.JSON.readValue(line, Entry.class));
            } catch (IOException e) {
                // torn by a crash mid-append: the round it began is decided again
            }
        }
        return out;
    }
}
