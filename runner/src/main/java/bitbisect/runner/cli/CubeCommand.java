package bitbisect.runner.cli;

import bitbisect.runner.console.StatusLine;
import bitbisect.runner.console.StoreProgress;
import bitbisect.runner.cube.CubeWriter;
import bitbisect.runner.publish.Publisher;
import bitbisect.runner.store.SweepData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** (Re)builds a sweep's HDF5 cube from its results store. */
@Command(name = "cube", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Builds results/SWEEP/cube.h5 from the sweep's stored results (every sweep also does at its"
                + " end): one dimension per matrix axis, per-cell measures and run counts, every corruption event."
                + " Layout: docs/cube.md.",
        footer = {"", "Example, with SWEEP the id the sweep printed (bitbisect status names the latest):",
                "  bitbisect cube && python3 -c \"import h5py; print(list(h5py.File('results/SWEEP/cube.h5')['measures']))\""})
final class CubeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private SweepArgument sweep;

    @Override
    public Integer call() throws IOException {
        StoreProgress progress = new StoreProgress("cube");
        SweepData data;
        Path cube;
        try (StatusLine line = StatusLine.onStderr(Publisher.SHOW_PROGRESS_AFTER, progress::text)) {
            data = SweepData.load(sweep.dir(), progress.read());
            progress.step("writing cube.h5");
            cube = CubeWriter.writeFor(data, sweep.dir());
        }
        spec.commandLine().getOut().println(cube);
        SweepSummary.printDamage(spec.commandLine().getOut(), data.damage());
        spec.commandLine().getOut().flush();
        return data.damage().isEmpty() ? Bitbisect.EXIT_CLEAN : Bitbisect.EXIT_INCOMPLETE;
    }
}
