package bitbisect.runner.cli;

import bitbisect.runner.publish.Publisher;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The cube and the corruption report of a sweep, from its results store. */
@Command(name = "report", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Builds, from the sweep's stored results, cube.h5 and the corruption report: report.html"
                + " (self-contained, with plots), report.md and findings.json (the attribution, for scripts).",
                "The report weighs the explanations (a conjunction such as kernel=5.1 AND sync=buffered, two"
                        + " causes, a cause with a background rate) by their likelihood, every clean cell counting at"
                        + " the count it was expected to show; names the one with 95%% of the support or lists the"
                        + " rerun commands that would decide; says which axes make no difference and which are"
                        + " confounded, and shows the bit and offset signature of the corrupt words."
                        + " Method: docs/report.md. Every sweep ends with a report; run this after reruns."},
        footer = {"", "Exit codes: 0 no corruption, 1 corruption found, 3 the store could not be read or holds damage"
                + " (listed; never counted).",
                "", "Example, with SWEEP the id the sweep printed (bitbisect status names the latest):",
                "  bitbisect report && xdg-open results/SWEEP/report.html"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private SweepArgument sweep;

    @Override
    public Integer call() throws IOException {
        Publisher.Published p = Publisher.publish(sweep.dir(), sweep.results.rerunOptions());
        PublishedText.print(p, spec.commandLine().getOut());
        SweepSummary.printDamage(spec.commandLine().getOut(), p.data().damage());
        spec.commandLine().getOut().flush();
        if (p.report().result().totals().corruptIterations() > 0) {
            return Bitbisect.EXIT_CORRUPT;
        }
        return p.report().damaged() ? Bitbisect.EXIT_INCOMPLETE : Bitbisect.EXIT_CLEAN;
    }
}
