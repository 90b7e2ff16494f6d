package bitbisect.runner.cube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.matrix.MatrixLoader;
import bitbisect.runner.store.ResultsStore;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import bitbisect.runner.store.SweepData;
import bitbisect.runner.store.SweepRecord;
import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cube as h5py (Debian's python3-h5py, installed by .ci/run) reads it, checked against the
 * store it was built from: axes and their labels, measures at the right coordinates, run
 * status counts, and every corruption event.
 */
class CubeInteropTest {

    private static final String MATRIX = """
            name: cube
            hosts:
              - {name: a, labels: {kernel: "5.1"}, storage: {nfs: /mnt/nfs}}
              - {name: b, labels: {kernel: "3.10"}, storage: {nfs: /mnt/nfs}}
            axes: {sync: [buffered, osync], size: [1MiB, 2MiB]}
            exclude: [{host: b, sync: osync, size: 2MiB}]
            work: {iterations: 10}
            run: {seed: 1}
            """;

    @TempDir
    Path dir;

    private static RunSummary run(String cell, int run, String host, RunStatus status, long iterations, long corruptIterations,
                                  long words) {
        return new RunSummary(cell, run, 1, host, status, 0, iterations, corruptIterations, words, iterations << 20,
                iterations << 20, "2026-01-01T00:00:00Z", 1.0, List.of(), null, List.of(), null, null, null);
    }

    /** A finished run as the sweep leaves it: its events file (an iteration line each, after any written before) and its summary. */
    private static void record(ResultsStore store, RunSummary summary) throws java.io.IOException {
        Path events = store.runFiles(summary.cell(), summary.run()).events();
        Files.createDirectories(events.getParent());
        Files.writeString(events, bitbisect.runner.store.IterationLines.of(summary.iterations()),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        store.writeSummary(summary);
    }

    @Test
    void h5pyReadsTheCubeAsTheStoreHasIt() throws Exception {
        Matrix matrix = MatrixLoader.parse("m.yaml", "cube", MATRIX);
        assertEquals(7, matrix.cells().size());
        String corruptCell = "a.nfs.buffered.1MiB.cached.default.alternating";
        try (ResultsStore store = ResultsStore.openForWriting(dir)) {
            List<SweepRecord.PlannedRun> plan = new ArrayList<>();
            matrix.cells().forEach(c -> plan.add(new SweepRecord.PlannedRun(c.id(), 1)));
            store.writeSweep(new SweepRecord("cube-1", "cube", "m.yaml", "0", 1, "2026-01-01T00:00:00Z", "dev", "sha",
                    plan), MATRIX);
            store.beginAttempt(corruptCell, 1);
            Files.writeString(store.runFiles(corruptCell, 1).events(),
                    EventCodec.toJson(new Event.Corruption(3, 4096, "0xffffffffffffffff", "0xffffffff00000000",
                            "0x00000000ffffffff", List.of(0, 1, 2, 3), 1700000000123L)) + "\n"
                    + "{\"event\":\"iteration\",\"iteration\":3,\"bytes\":1048576,\"corrupt_words\":2}\n"
                    + EventCodec.toJson(new Event.Corruption(3, 8200, "0x0000000000000000", "0x0000000000000400",
                            "0x0000000000000400", List.of(1), 1700000000456L)) + "\n");
            record(store, run(corruptCell, 1, "a", RunStatus.CORRUPT, 10, 1, 2));
            record(store, run("a.nfs.osync.1MiB.cached.default.alternating", 1, "a", RunStatus.CLEAN, 10, 0, 0));
            record(store, run("b.nfs.buffered.2MiB.cached.default.alternating", 1, "b", RunStatus.HUNG, 4, 0, 0));
            record(store, run("b.nfs.buffered.1MiB.cached.default.alternating", 1, "b", RunStatus.CLEAN, 10, 0, 0));
            record(store, run("b.nfs.buffered.1MiB.cached.default.alternating", 2, "b", RunStatus.CLEAN, 5, 0, 0));
            store.writeHostFacts("a", EventCodec.mapper().readTree("{\"host\":{\"kernel\":\"5.1.0-test\"}}"));
        }
        Path cube = dir.resolve("cube.h5");

        CubeWriter.write(SweepData.load(dir), cube);

        JsonNode h5 = readWithH5py(cube);
        // The host's labels are coordinates of the host dimension, not dimensions of their own.
        assertEquals("[\"host\",\"storage\",\"sync\",\"size\",\"readback\",\"variant\",\"pattern\"]",
                h5.get("axes").toString());
        assertEquals("[\"a\",\"b\"]", h5.get("labels").get("host").toString());
        assertEquals("[\"kernel\"]", h5.get("host_label_names").toString());
        assertEquals("[\"5.1\",\"3.10\"]", h5.get("host_labels").get("kernel").toString());
        assertEquals("[2,1,2,2,1,1,1]", h5.get("shape").toString());
        // [host][storage][sync][size]...
        assertEquals(10, h5.get("at").get("iterations_a_buffered_1MiB").asLong());
        assertEquals(15, h5.get("at").get("iterations_b_buffered_1MiB").asLong(), "two runs of one cell add up");
        assertEquals(-1, h5.get("at").get("cell_index_b_osync_2MiB").asLong(), "excluded: no cell there");
        assertEquals(0, h5.get("at").get("cell_index_a_buffered_1MiB").asLong());
        assertEquals(39, h5.get("sums").get("iterations").asLong());
        assertEquals(2, h5.get("sums").get("corrupt_words").asLong());
        assertEquals(3, h5.get("sums").get("runs_clean").asLong());
        assertEquals(1, h5.get("sums").get("runs_hung").asLong());
        assertEquals(3, h5.get("sums").get("runs_not_run").asLong(), "7 planned cells, 4 of them ran");
        assertEquals(2, h5.get("event_count").asLong());
        assertEquals("[0,0]", h5.get("events").get("cell").toString());
        assertEquals("[4096,8200]", h5.get("events").get("offset").toString());
        assertEquals("[\"0xffffffffffffffff\",\"0x0000000000000000\"]", h5.get("events").get("expected").toString());
        assertEquals("[\"0xffffffff00000000\",\"0x0000000000000400\"]", h5.get("events").get("actual").toString());
        assertEquals("[\"0x00000000ffffffff\",\"0x0000000000000400\"]", h5.get("events").get("mask").toString());
        assertEquals("[1700000000123,1700000000456]", h5.get("events").get("time_ms").toString());
        assertEquals(corruptCell, h5.get("event_cell_id").asText());
        assertEquals("5.1.0-test", h5.get("kernel_a").asText());
        assertEquals("cube-1", h5.get("sweep_id").asText());
    }

    private static JsonNode readWithH5py(Path cube) throws Exception {
        String script = """
                import h5py, json, sys
                import numpy as np
                f = h5py.File(sys.argv[1], 'r')
                s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
                axes = [s(a) for a in f.attrs['axes']]
                m = f['measures']
                def at(name, host, sync, size):
                    ix = (['a', 'b'].index(host), 0, ['buffered', 'osync'].index(sync),
                          ['1MiB', '2MiB'].index(size), 0, 0, 0)
                    return int(m[name][ix])
                words = lambda col: ['0x%016x' % int(v) for v in f['events'][col][()].view(np.uint64)]
                out = {
                    'axes': axes,
                    'labels': {a: [s(v) for v in f['axes'][a][()]] for a in axes},
                    'host_label_names': [s(a) for a in f.attrs['host_labels']],
                    'host_labels': {l: [s(v) for v in f['host_labels'][l][()]] for l in f['host_labels']},
                    'shape': list(m['iterations'].shape),
                    'at': {'iterations_a_buffered_1MiB': at('iterations', 'a', 'buffered', '1MiB'),
                           'iterations_b_buffered_1MiB': at('iterations', 'b', 'buffered', '1MiB'),
                           'cell_index_b_osync_2MiB': at('cell_index', 'b', 'osync', '2MiB'),
                           'cell_index_a_buffered_1MiB': at('cell_index', 'a', 'buffered', '1MiB')},
                    'sums': {k: int(m[k][()].sum()) for k in m if k != 'cell_index'},
                    'event_count': int(f.attrs['event_count']),
                    'events': {'cell': f['events']['cell'][()].tolist(), 'offset': f['events']['offset'][()].tolist(),
                               'time_ms': f['events']['time_ms'][()].tolist(),
                               'expected': words('expected'), 'actual': words('actual'), 'mask': words('mask')},
                    'event_cell_id': s(f['cells']['id'][f['events']['cell'][0]]),
                    'kernel_a': json.loads(s(f['hosts']['a'][0]))['host']['kernel'],
                    'sweep_id': s(f.attrs['sweep_id']),
                }
                print(json.dumps(out))
                """;
        return H5py.run(script, cube.toString());
    }
}
