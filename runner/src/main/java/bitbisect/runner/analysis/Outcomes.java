package bitbisect.runner.analysis;

import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepData;
import bitbisect.writer.units.Count;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Hangs and I/O errors explained as corruption is. The seeds' other stories (hard mounts that
 * hang, ESTALE and ELOOP once retries run out) are not silent corruption, but they follow
 * conditions too, and a run that hung or failed says where: with the run as the unit (every run
 * that reached its host is one chance, each run that ended so is one hit), the same evidence
 * model weighs the same conjunctions ("ESTALE only where host=labh2 AND storage=nfs"). One row
 * per outcome seen: hung, each errno of a first I/O error, and stalled (an I/O call slower than
 * {@code run.stall}, whatever the run's end: an early warning of a mount about to hang).
 *
 * @param rows one per outcome seen, most runs first
 */
public record Outcomes(List<Row> rows) {

    /**
     * @param outcome     "hung", "error ESTALE" (the errno of the run's first I/O error) or "stalled"
     * @param runs        runs that ended so
     * @param cells       cells with such a run
     * @param verdict     the analysis's verdict for this outcome
     * @param explanation the leading explanation's text when the verdict is explained, else null
     * @param sameCellsAs conditions that pick the same cells as the explanation's (a host beside its kernel label)
     * @param support     its support (NaN when not explained)
     * @param example     the message of one such run, for the table
     * @param nfsRetransmitsPerRun the NFS client's retransmits per run of these runs, and of the other
     *                    runs that reached their host ({@code ...Elsewhere}): a server that drops
     *                    requests shows there before it hangs (NaN when there are none to average)
     */
    public record Row(String outcome, long runs, long cells, Findings.Verdict verdict, String explanation,
                      List<String> sameCellsAs, double support, String example, double nfsRetransmitsPerRun,
                      double nfsRetransmitsPerRunElsewhere) {

        /** Where it follows, in words: "kernel=5.1 AND storage=nfs (same cells as host=labh2; support 99.96%)", or the verdict. */
        public String where() {
            if (explanation == null) {
                return verdict.label().replace('_', ' ');
            }
            return explanation + " (" + (sameCellsAs.isEmpty() ? "" : "same cells as " + String.join(", ", sameCellsAs)
                    + "; ") + "support " + Text.support(support) + ")";
        }
    }

    public static Outcomes of(SweepData data, Design design, Function<Design, Findings> analysis) {
        List<String> ids = design.cellIds();
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int c = 0; c < ids.size(); c++) {
            index.put(ids.get(c), c);
        }
        long[] reached = new long[ids.size()];
        long retransmits = 0;
        Map<String, long[]> hits = new TreeMap<>();
        Map<String, Long> hitRetransmits = new java.util.HashMap<>();
        Map<String, String> examples = new LinkedHashMap<>();
        Map<Long, SweepData.RunDetail> details = new java.util.HashMap<>();
        data.details().forEach(d -> details.put(SweepData.runKey(d.cell(), d.run()), d));
        for (Map.Entry<String, List<RunSummary>> cellRuns : data.runs().entrySet()) {
            Integer c = index.get(cellRuns.getKey());
            if (c == null) {
                continue;
            }
            for (RunSummary r : cellRuns.getValue()) {
                if (r.status() == RunStatus.UNREACHABLE) {
                    continue; // never reached its host: no chance to hang or fail there
                }
                reached[c]++;
                SweepData.RunDetail d = details.get(SweepData.runKey(c, r.run()));
                long sent = d == null ? 0 : d.nfsRetransmits();
                retransmits += sent;
                for (String outcome : outcomes(r, d)) {
                    hits.computeIfAbsent(outcome, o -> new long[ids.size()])[c]++;
                    hitRetransmits.merge(outcome, sent, Long::sum);
                    examples.putIfAbsent(outcome, outcome.equals(STALLED)
                            ? Count.of(d.stalls(), "stall") + " in " + r.cell() + " run " + r.run() : r.message());
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        long allRuns = java.util.Arrays.stream(reached).sum();
        for (Map.Entry<String, long[]> hit : hits.entrySet()) {
            String outcome = hit.getKey();
            long[] k = hit.getValue();
            long these = java.util.Arrays.stream(k).sum();
            long theirs = hitRetransmits.get(outcome);
            Findings f = analysis.apply(design.perRun(reached, k));
            boolean explained = f.verdict() == Findings.Verdict.EXPLAINED && !f.explanations().isEmpty();
            Findings.Explanation e = explained ? f.explanations().get(0) : null;
            rows.add(new Row(outcome, these, java.util.Arrays.stream(k).filter(x -> x > 0).count(),
                    f.verdict(), e == null ? null : e.text(),
                    e == null ? List.of() : e.conditions().stream().flatMap(c -> c.sameCellsAs().stream()).toList(),
                    e == null ? Double.NaN : e.support(), examples.get(outcome), (double) theirs / these,
                    allRuns == these ? Double.NaN : (double) (retransmits - theirs) / (allRuns - these)));
        }
        rows.sort(java.util.Comparator.comparingLong(Row::runs).reversed().thenComparing(Row::outcome));
        return new Outcomes(rows);
    }

    private static final String STALLED = "stalled";

    /** What a run is counted as here: hung or an I/O error by its errno, and stalled; none for the rest. */
    private static List<String> outcomes(RunSummary r, SweepData.RunDetail d) {
        List<String> out = new ArrayList<>(2);
        if (r.status() == RunStatus.HUNG) {
            out.add("hung");
        } else if (r.status() == RunStatus.ERROR && d != null && d.errno() != null) {
            out.add("error " + d.errno());
        }
        if (d != null && d.stalls() > 0) {
            out.add(STALLED);
        }
        return out;
    }
}
