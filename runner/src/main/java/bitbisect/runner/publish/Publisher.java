package bitbisect.runner.publish;

import bitbisect.runner.cube.CubeWriter;
import bitbisect.runner.report.ReportWriter;
import bitbisect.runner.store.SweepData;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a sweep publishes, built from its store in one read: {@code cube.h5}, then the report
 * ({@code report.html}, {@code report.md}, {@code findings.json}) and {@code junit.xml} for CI. Every sweep ends with it, and
 * {@code bitbisect report} runs it after reruns.
 */
public final class Publisher {

    /** The files written, and the sweep as read for them. */
    public record Published(SweepData data, Path cube, ReportWriter.Written report, Path junit) {
    }

    private Publisher() {
    }

    /** {@code rerunOptions} ends each rerun command the report suggests (" --results DIR" outside the default place). */
    public static Published publish(Path sweepDir, String rerunOptions) throws IOException {
        SweepData data = SweepData.load(sweepDir);
        Path cube = CubeWriter.writeFor(data, sweepDir);
        ReportWriter.Written report = ReportWriter.write(data, sweepDir, rerunOptions);
        return new Published(data, cube, report, JunitXml.write(data, sweepDir));
    }
}
