package bitbisect.runner.cli;

import bitbisect.runner.store.SweepData;
import bitbisect.runner.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The cube and the corruption report of a sweep, from its results store. */
@Command(name = "report", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Builds, from the sweep's stored results, cube.h5 and the corruption report: report.html"
                + " (self-contained, with plots), report.md and findings.json (the attribution, for scripts).",
                "The report names the smallest conjunction of conditions (kernel=5.1 AND sync=buffered) that holds"
                        + " for every corrupt cell and for no clean cell with enough iterations to count, says which"
                        + " axes make no difference and which are confounded, shows the bit and offset signature of"
                        + " the corrupt words, and lists the rerun commands that would settle what is still open."
                        + " Method: docs/report.md. Every sweep ends with a report; run this after reruns."},
        footer = {"", "Exit codes: 0 no corruption, 1 corruption found, 3 the store could not be read or holds damage"
                + " (listed; never counted).",
                "", "Example: bitbisect report && xdg-open results/local-b19f0488/report.html"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private SweepArgument sweep;

    @Override
    public Integer call() throws IOException {
        ReportWriter.Written w = write(sweep.results, sweep.dir(), spec.commandLine().getOut());
        if (w.result().totals().corruptIterations() > 0) {
            return Bitbisect.EXIT_CORRUPT;
        }
        return w.damaged() ? Bitbisect.EXIT_INCOMPLETE : Bitbisect.EXIT_CLEAN;
    }

    /** Writes the cube and the report of the sweep in {@code dir}, and says where they are and what they found. */
    static ReportWriter.Written write(ResultsOption results, Path dir, PrintWriter out) throws IOException {
        SweepData data = SweepData.load(dir);
        Path cube = CubeCommand.write(data, dir);
        ReportWriter.Written w = ReportWriter.write(data, dir, results.rerunOptions());
        out.println(w.result().headline());
        SweepSummary.printDamage(out, data.damage());
        out.println("cube:     " + cube);
        out.println("report:   " + w.html());
        out.println("          " + w.markdown());
        out.println("findings: " + w.findings());
        out.flush();
        return w;
    }
}
