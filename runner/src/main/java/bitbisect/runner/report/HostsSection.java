package bitbisect.runner.report;

import bitbisect.runner.store.HostFacts;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepData;
import bitbisect.writer.facts.Facts;
import bitbisect.writer.units.ByteSize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fleet's side of the report: when each host ran what (and its first corrupt run), and what each host is. */
final class HostsSection {

    private final SweepData data;

    HostsSection(SweepData data) {
        this.data = data;
    }

    void write(Doc doc) {
        overTime(doc);
        hosts(doc);
    }

    /** When each host ran what, and where the corruption fell in time. */
    private void overTime(Doc doc) {
        String chart = Timeline.svg(data.runs().values());
        if (chart == null) {
            return;
        }
        doc.heading(2, "Over time");
        doc.chart(chart, "one lane per host (the host that wrote); a column shows the worst ending among the runs in"
                + " it, so one corrupt run stays visible among many clean ones; hover for the runs");
        Map<String, RunSummary> firstCorrupt = new java.util.TreeMap<>();
        data.runs().values().stream().flatMap(List::stream).filter(r -> r.countsAsEvidence() && r.corruptIterations() > 0)
                .forEach(r -> firstCorrupt.merge(r.host(), r, (a, b) -> Timeline.started(b) < Timeline.started(a) ? b : a));
        List<List<String>> first = firstCorrupt.values().stream().map(r -> List.of(r.host(), r.startedAt(),
                "`" + r.cell() + "`", Integer.toString(r.run()))).toList();
        if (!first.isEmpty()) {
            doc.paragraph("The first corrupt run of each host (its first corrupt iteration is in the table of corrupt"
                    + " cells):");
            doc.table(List.of("host", "run started", "cell", "run"), first);
        }
    }

    private void hosts(Doc doc) {
        doc.heading(2, "Hosts");
        Map<String, List<String>> folded = new LinkedHashMap<>();
        for (HostFacts h : data.hostFacts()) {
            folded.computeIfAbsent(hostLine(h.facts()), k -> new ArrayList<>()).add(h.host());
        }
        if (folded.isEmpty()) {
            doc.paragraph("No host facts were stored.");
            return;
        }
        doc.table(List.of("hosts", "facts"), folded.entrySet().stream()
                .map(e -> List.of(String.join(", ", e.getValue()), e.getKey())).toList());
    }

    /** The facts that tell hosts apart, in one line (the hostname left out, so identical hosts fold). */
    private static String hostLine(Facts facts) {
        Facts.Host h = facts.host();
        if (h == null) {
            return "no host facts";
        }
        List<String> parts = new ArrayList<>();
        add(parts, "kernel", h.kernel());
        String model = ((h.vendor() == null ? "" : h.vendor()) + " " + (h.model() == null ? "" : h.model())).trim();
        add(parts, "model", model.isEmpty() ? null : model);
        add(parts, "cpu", h.cpu() == null ? null : (h.cpu().model() == null ? "" : h.cpu().model()) + " x"
                + h.cpu().threads() + ", microcode " + (h.cpu().microcode() == null ? "?" : h.cpu().microcode()));
        add(parts, "memory", h.memoryBytes() == null ? null : ByteSize.approximate(h.memoryBytes()));
        add(parts, "libc", h.libc());
        add(parts, "jvm", h.jvm() == null ? null : h.jvm().version());
        return String.join("; ", parts);
    }

    private static void add(List<String> parts, String name, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(name + " " + value);
        }
    }
}
