package bitbisect.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bitbisect.runner.cube.CubeWriter;
import bitbisect.runner.cube.H5py;
import bitbisect.runner.store.SweepData;
import bitbisect.runner.report.SyntheticSweep.Run;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's numbers are reproducible from the cube: h5py sums the cube's evidence measures
 * per axis value and inside and outside the explanation, and gets what findings.json says.
 */
class ReportFromCubeTest {

    private static final String SCRIPT = """
            import h5py, json, sys
            import numpy as np
            f = h5py.File(sys.argv[1], 'r')
            findings = json.load(open(sys.argv[2]))
            s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
            axes = [s(a) for a in f.attrs['axes']]
            n = f['measures']['evidence_iterations'][()]
            k = f['measures']['evidence_corrupt_iterations'][()]
            # A host label (kernel) is a coordinate of the host dimension: its value for each host.
            host_labels = {s(l): [s(v) for v in f['host_labels'][l][()]] for l in f.get('host_labels', {})}
            def dimension(axis):
                if axis in host_labels:
                    return axes.index('host'), host_labels[axis]
                return axes.index(axis), [s(v) for v in f['axes'][axis][()]]
            out = {'per_value': {}, 'findings_per_value': {}}
            for axis in axes + list(host_labels):
                i, labels = dimension(axis)
                others = tuple(j for j in range(len(axes)) if j != i)
                per = {}
                for x, v in enumerate(labels):
                    per.setdefault(v, [0, 0])
                    per[v][0] += int(k.sum(axis=others)[x])
                    per[v][1] += int(n.sum(axis=others)[x])
                out['per_value'][axis] = per
            for a in findings['axes']:
                out['findings_per_value'][a['axis']] = {v['value']: [v['corrupt_iterations'], v['iterations']]
                                                       for v in a['values']}
            inside = np.ones(n.shape, dtype=bool)
            for c in findings['explanations'][0]['conditions']:
                i, labels = dimension(c['axis'])
                keep = np.array([v in c['values'] for v in labels])
                shape = [1] * len(axes)
                shape[i] = len(labels)
                inside &= keep.reshape(shape)
            out['inside'] = [int(k[inside].sum()), int(n[inside].sum())]
            out['outside'] = [int(k[~inside].sum()), int(n[~inside].sum())]
            e = findings['explanations'][0]
            out['findings_inside'] = [e['inside']['corrupt_iterations'], e['inside']['iterations']]
            out['findings_outside'] = [e['outside']['corrupt_iterations'], e['outside']['iterations']]
            out['events'] = int(f.attrs['event_count'])
            print(json.dumps(out))
            """;

    @TempDir
    Path dir;

    @Test
    void findingsAreSumsOverTheCube() throws Exception {
        Path sweep = dir.resolve("s-1");
        SyntheticSweep.write(sweep, AttributionTest.FACTORIAL, cell -> List.of(
                cell.get("kernel").equals("5.1") && cell.sync().equals("buffered") ? Run.corrupt(20, 3 + cell.id().length() % 4)
                        : cell.host().equals("h1") && cell.size().equals("64MiB")
                        ? new Run(bitbisect.runner.store.RunStatus.HUNG, 7, 0) : Run.clean(20)));
        SweepData data = SweepData.load(sweep);
        CubeWriter.write(data, sweep.resolve("cube.h5"));
        ReportWriter.Written w = ReportWriter.write(data, sweep, "");

        JsonNode r = H5py.run(SCRIPT, sweep.resolve("cube.h5").toString(), w.findings().toString());

        assertEquals(r.get("findings_per_value"), r.get("per_value"));
        assertEquals(r.get("findings_inside"), r.get("inside"));
        assertEquals(r.get("findings_outside"), r.get("outside"));
        assertEquals(data.events().size(), r.get("events").asInt());
        assertEquals("kernel=5.1 AND sync=buffered", w.result().explanations().get(0).text());
    }
}
