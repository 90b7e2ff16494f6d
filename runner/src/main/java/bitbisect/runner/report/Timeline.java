package bitbisect.runner.report;

import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * When each host ran what, and how it ended: one lane per host over the sweep's wall time, the
 * runs drawn in {@link #BINS} columns (a column shows the worst ending of the runs in it, so a
 * corrupt run stays visible among thousands of clean ones), runs of the same ending side by side
 * merged into one stretch.
 */
final class Timeline {

    static final int BINS = 600;
    /** Lanes drawn; more hosts than this and the first ones by name are shown. */
    static final int MAX_LANES = 60;

    private Timeline() {
    }

    /** The colour a run's ending has in every picture of the report. */
    static String colour(RunStatus status) {
        return switch (status) {
            case CLEAN -> "#58b368";
            case CORRUPT -> Svg.CORRUPT;
            case HUNG -> "#e67e22";
            case ERROR -> "#7f8c8d";
            case UNREACHABLE -> "#c8ccd0";
        };
    }

    /** Which ending a column shows when runs that ended differently share it: the one that says most. */
    private static int weight(RunStatus status) {
        return switch (status) {
            case CORRUPT -> 5;
            case HUNG -> 4;
            case ERROR -> 3;
            case UNREACHABLE -> 2;
            case CLEAN -> 1;
        };
    }

    /** The chart, or null when no run has a start time and a duration. */
    static String svg(Collection<List<RunSummary>> runsByCell) {
        List<Timed> runs = new ArrayList<>();
        for (List<RunSummary> cellRuns : runsByCell) {
            for (RunSummary r : cellRuns) {
                double start = started(r);
                if (!Double.isNaN(start) && r.status() != null) {
                    runs.add(new Timed(r, start, Math.max(0, r.elapsedSeconds())));
                }
            }
        }
        if (runs.isEmpty()) {
            return null;
        }
        double t0 = runs.stream().mapToDouble(Timed::start).min().orElse(0);
        double span = Math.max(1, runs.stream().mapToDouble(t -> t.start + t.seconds).max().orElse(1) - t0);
        TimeUnit unit = TimeUnit.of(span);
        Map<String, List<Timed>> byHost = new TreeMap<>();
        for (Timed t : runs) {
            byHost.computeIfAbsent(t.run.host(), h -> new ArrayList<>()).add(t);
        }
        List<Svg.Lane> lanes = new ArrayList<>();
        for (Map.Entry<String, List<Timed>> e : byHost.entrySet()) {
            if (lanes.size() == MAX_LANES) {
                break;
            }
            lanes.add(lane(e.getKey(), e.getValue(), t0, span, unit));
        }
        List<Svg.Key> keys = new ArrayList<>();
        for (RunStatus s : RunStatus.values()) {
            if (runs.stream().anyMatch(t -> t.run.status() == s)) {
                keys.add(new Svg.Key(colour(s), s.label() + " runs"));
            }
        }
        String title = "runs per host over the sweep's wall time" + (byHost.size() > MAX_LANES
                ? String.format(Locale.ROOT, " (the first %d of %d hosts)", MAX_LANES, byHost.size()) : "");
        return Svg.lanes(title, "time since the first run started (" + unit.name + ")", span / unit.seconds,
                unit::text, lanes, keys);
    }

    /**
     * One host's lane: each column shows the worst ending of the runs over it, and names the
     * first three runs (in the order given) that start in it and ended so. A run is counted where
     * it starts and ends (two marks of a difference array per ending), not column by column:
     * thousands of runs at once can each span the whole sweep.
     */
    private static Svg.Lane lane(String host, List<Timed> runs, double t0, double span, TimeUnit unit) {
        RunStatus[] statuses = RunStatus.values();
        // per ending and column: runs that start there minus runs that ended in the column before
        int[][] starts = new int[statuses.length][BINS + 1];
        int[] from = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Timed t = runs.get(i);
            from[i] = Math.min(BINS - 1, (int) ((t.start - t0) / span * BINS));
            int to = Math.min(BINS - 1, (int) ((t.start + t.seconds - t0) / span * BINS));
            starts[t.run.status().ordinal()][from[i]]++;
            starts[t.run.status().ordinal()][to + 1]--;
        }
        RunStatus[] lane = new RunStatus[BINS];
        int[] over = new int[statuses.length]; // runs of each ending over the column
        for (int b = 0; b < BINS; b++) {
            for (RunStatus status : statuses) {
                over[status.ordinal()] += starts[status.ordinal()][b];
                if (over[status.ordinal()] > 0 && (lane[b] == null || weight(status) > weight(lane[b]))) {
                    lane[b] = status;
                }
            }
        }
        List<List<String>> names = new ArrayList<>(BINS);
        for (int b = 0; b < BINS; b++) {
            names.add(new ArrayList<>(0));
        }
        for (int i = 0; i < runs.size(); i++) {
            RunSummary run = runs.get(i).run;
            if (lane[from[i]] == run.status() && names.get(from[i]).size() < 3) {
                names.get(from[i]).add(run.cell() + " run " + run.run());
            }
        }
        return new Svg.Lane(host, segments(host, lane, names, span, unit));
    }

    private static List<Svg.Segment> segments(String host, RunStatus[] lane, List<List<String>> names, double span,
                                              TimeUnit unit) {
        List<Svg.Segment> out = new ArrayList<>();
        int b = 0;
        while (b < BINS) {
            if (lane[b] == null) {
                b++;
                continue;
            }
            int end = b;
            List<String> runs = new ArrayList<>(names.get(b));
            while (end + 1 < BINS && lane[end + 1] == lane[b]) {
                end++;
                if (runs.size() < 3) {
                    runs.addAll(names.get(end).subList(0, Math.min(3 - runs.size(), names.get(end).size())));
                }
            }
            double from = b * span / BINS / unit.seconds;
            double to = (end + 1) * span / BINS / unit.seconds;
            out.add(new Svg.Segment(from, to, colour(lane[b]), String.format(Locale.ROOT, "%s, %s-%s: %s%s", host,
                    unit.text(from), unit.text(to), lane[b].label(), runs.isEmpty() ? "" : " (" + String.join(", ", runs)
                            + (runs.size() == 3 ? ", ..." : "") + ")")));
            b = end + 1;
        }
        return out;
    }

    /** When a run started, in seconds since the epoch; NaN when its record has no readable time. */
    static double started(RunSummary run) {
        return run.startedAt() == null ? Double.NaN : epochSeconds(run.startedAt());
    }

    /**
     * Seconds since the epoch of an ISO-8601 instant, to the millisecond; NaN when it is none.
     * Times as {@code Instant.toString} writes them ("2026-12-01T03:58:12.680724554Z", what the
     * store holds) are read field by field: {@code Instant.parse} took about 0.2 s for the 10,000
     * runs of a large sweep. Any other form is left to it.
     */
    static double epochSeconds(String text) {
        try {
            int n = text.length();
            if (n >= 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                    && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z'
                    && (n == 20 || text.charAt(19) == '.' && n >= 22 && n <= 30)) {
                int year = digits(text, 0, 4);
                int month = digits(text, 5, 7);
                int day = digits(text, 8, 10);
                int hour = digits(text, 11, 13);
                int minute = digits(text, 14, 16);
                int second = digits(text, 17, 19);
                int millis = 0;
                for (int i = 20; i < Math.min(23, n - 1); i++) {
                    millis = millis * 10 + digit(text, i);
                }
                for (int i = Math.min(23, n - 1); i < 23; i++) {
                    millis *= 10; // ".5Z" is 500 ms
                }
                for (int i = 23; i < n - 1; i++) {
                    digit(text, i); // finer digits are checked, not kept: the result is in milliseconds
                }
                if (year >= 1000 && hour <= 23 && minute <= 59 && second <= 59) {
                    long days = LocalDate.of(year, month, day).toEpochDay();
                    return ((days * 86_400 + hour * 3600L + minute * 60L + second) * 1000 + millis) / 1000.0;
                }
            }
            return Instant.parse(text).toEpochMilli() / 1000.0;
        } catch (DateTimeException | NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + digit(text, i);
        }
        return value;
    }

    private static int digit(String text, int at) {
        char c = text.charAt(at);
        if (c < '0' || c > '9') {
            throw new NumberFormatException("not a digit at " + at + " of " + text);
        }
        return c - '0';
    }

    private record Timed(RunSummary run, double start, double seconds) {
    }

    /** Seconds, minutes or hours, whichever keeps the axis numbers short. */
    private record TimeUnit(String name, String symbol, double seconds) {

        static TimeUnit of(double span) {
            if (span >= 3 * 3600) {
                return new TimeUnit("hours", "h", 3600);
            }
            if (span >= 180) {
                return new TimeUnit("minutes", "min", 60);
            }
            return new TimeUnit("seconds", "s", 1);
        }

        String text(double value) {
            return Svg.compact(value) + " " + symbol;
        }
    }
}
