package bitbisect.bench;

import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RowsFile;
import bitbisect.runner.store.RunDetails;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepRecord;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a results store for the report benchmark: 50 hosts (5 models x 10 kernels crossed)
 * x 5 sync modes x 4 sizes x 2 read-back modes x 5 variants = 10,000 cells, one run each;
 * corruption only where kernel=5.1 and sync is buffered or fsync, EVENTS corruption events
 * in all, spread over those cells. Usage (bench/report-scale.sh):
 * java -cp runner/target/bitbisect.jar:bench/target/classes bitbisect.bench.ReportScaleStore DIR EVENTS
 */
public class ReportScaleStore {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long events = Long.parseLong(args[1]);
        String[] models = {"R620", "R630", "C6320", "R640", "R740"};
        String[] kernels = {"3.10", "4.18", "5.1", "5.4", "5.5", "5.10", "5.14", "6.1", "6.6", "6.12"};
        String[] syncs = {"buffered", "fsync", "osync", "odsync", "direct"};
        String[] sizes = {"1MiB", "8MiB", "64MiB", "256MiB"};
        String[] readbacks = {"cached", "direct"};
        String[] variants = {"v1", "v2", "v3", "v4", "v5"};
        StringBuilder yaml = new StringBuilder("name: scale\nhosts:\n");
        List<String[]> hosts = new ArrayList<>();
        for (int m = 0; m < models.length; m++) {
            for (int k = 0; k < kernels.length; k++) {
                String name = "h" + (m * kernels.length + k);
                hosts.add(new String[] {name, kernels[k]});
                yaml.append("  - {name: ").append(name).append(", labels: {model: ").append(models[m])
                        .append(", kernel: \"").append(kernels[k]).append("\"}, storage: {nfs: /mnt/nfs}}\n");
            }
        }
        yaml.append("variants:\n");
        for (String v : variants) {
            yaml.append("  ").append(v).append(": {flags: [-Dv=").append(v).append("]}\n");
        }
        yaml.append("axes:\n  sync: [").append(String.join(", ", syncs)).append("]\n  size: [")
                .append(String.join(", ", sizes)).append("]\n  readback: [").append(String.join(", ", readbacks))
                .append("]\n  variant: [").append(String.join(", ", variants)).append("]\nwork: {iterations: 100}\n");
        List<String> cells = new ArrayList<>();
        List<Boolean> buggy = new ArrayList<>();
        List<String> cellHosts = new ArrayList<>();
        for (String[] h : hosts) {
            for (String sync : syncs) {
                for (String size : sizes) {
                    for (String rb : readbacks) {
                        for (String v : variants) {
                            cells.add(h[0] + ".nfs." + sync + "." + size + "." + rb + "." + v + ".alternating");
                            buggy.add(h[1].equals("5.1") && (sync.equals("buffered") || sync.equals("fsync")));
                            cellHosts.add(h[0]);
                        }
                    }
                }
            }
        }
        long corruptCells = buggy.stream().filter(b -> b).count();
        long perCell = events / corruptCells;
        long extra = events % corruptCells;
        SplittableRandom random = new SplittableRandom(1);
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            List<SweepRecord.PlannedRun> plan = cells.stream().map(c -> new SweepRecord.PlannedRun(c, 1)).toList();
            store.writeSweep(new SweepRecord(dir.getFileName().toString(), "scale", "matrix.yaml", "0", 1,
                    "2026-01-01T00:00:00Z", "bench", "sha", plan), yaml.toString());
            long seen = 0;
            for (int c = 0; c < cells.size(); c++) {
                String cell = cells.get(c);
                long mine = buggy.get(c) ? perCell + (seen++ < extra ? 1 : 0) : 0;
                long corruptIterations = Math.min(100, Math.max(mine > 0 ? 1 : 0, mine / 50));
                store.beginAttempt(cell, 1);
                // Lines go to the events file and to the run's rows file, as the recorder writes them in a sweep.
                Path eventsFile = store.runFiles(cell, 1).events();
                try (BufferedWriter out = Files.newBufferedWriter(eventsFile);
                     RowsFile.Writer rows = store.rowsWriter(cell, 1)) {
                    Lines lines = line -> {
                        out.write(line);
                        out.write('\n');
                        rows.line(line);
                    };
                    lines.add("{\"event\":\"start\",\"tool\":\"pattern-writer\",\"version\":\"bench\",\"command\":\"run\","
                            + "\"parameters\":{\"path\":\"/mnt/nfs/x\",\"size\":1048576,\"block\":1048576,\"sync\":\"buffered\","
                            + "\"readback\":\"cached\",\"pattern\":\"alternating\",\"iterations\":100,\"keep\":\"corrupt\","
                            + "\"max_events\":1000000,\"stall_seconds\":10.0}}");
                    for (long i = 1; i <= 100; i++) {
                        long inThis = i <= corruptIterations ? mine / corruptIterations + (i <= mine % corruptIterations ? 1 : 0) : 0;
                        for (long e = 0; e < inThis; e++) {
                            long offset = random.nextLong(1 << 17) * 8;
                            boolean ones = (offset / 8) % 2 == 0;
                            lines.add("{\"event\":\"corruption\",\"iteration\":" + i + ",\"offset\":" + offset
                                    + ",\"expected\":\"" + (ones ? "0xffffffffffffffff" : "0x0000000000000000")
                                    + "\",\"actual\":\"" + (ones ? "0xffffffff00000000" : "0x00000000ffffffff")
                                    + "\",\"mask\":\"0x00000000ffffffff\",\"bytes\":[0,1,2,3],\"time_ms\":" + (1700000000000L + i)
                                    + "}");
                        }
                        lines.add("{\"event\":\"iteration\",\"iteration\":" + i + ",\"bytes\":1048576,\"corrupt_words\":"
                                + inThis + "}");
                    }
                    lines.add("{\"event\":\"end\",\"status\":\"" + (mine > 0 ? "corrupt" : "clean")
                            + "\",\"iterations\":100,\"corrupt_iterations\":" + corruptIterations + ",\"corrupt_words\":" + mine
                            + ",\"events_not_printed\":0,\"bytes_written\":104857600,\"bytes_verified\":104857600,"
                            + "\"elapsed_ns\":1000000000}");
                    out.close();
                    rows.finish(eventsFile);
                }
                store.writeSummary(new RunSummary(cell, 1, 1, cellHosts.get(c), mine > 0 ? RunStatus.CORRUPT : RunStatus.CLEAN,
                        mine > 0 ? 1 : 0, 100, corruptIterations, mine, 100L << 20, 100L << 20, "2026-01-01T00:00:00Z",
                        1.0, List.of(), null, List.of(), new RunDetails(1048576, "nfs4", "rw,relatime", null, 0, 0, 0,
                        mine > 0 ? 1 : 0, 0, null, 0, 0, -1, null), null, null));
            }
        }
        System.out.println(cells.size() + " cells, " + corruptCells + " corrupt, " + events + " events");
    }

    /** Where a run's lines go. */
    private interface Lines {
        void add(String line) throws java.io.IOException;
    }
}
