package bitbisect.runner.cli;

import bitbisect.runner.cube.CubeWriter;
import bitbisect.runner.cube.SweepData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** (Re)builds a sweep's HDF5 cube from its results store. */
@Command(name = "cube", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Builds results/SWEEP/cube.h5 from the sweep's stored results (every sweep also does at its"
                + " end): one dimension per matrix axis, per-cell measures and run counts, every corruption event."
                + " Layout: docs/cube.md.",
        footer = {"", "Example: bitbisect cube && python3 -c \"import h5py; print(list(h5py.File("
                + "'results/local-b19f0488/cube.h5')['measures']))\""})
final class CubeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SWEEP", description = "The sweep (default: the most recent).")
    private String sweepId;

    @Mixin
    private ResultsOption results;

    @Override
    public Integer call() throws IOException {
        Path cube = write(results.sweepDir(sweepId));
        spec.commandLine().getOut().println(cube);
        spec.commandLine().getOut().flush();
        return Bitbisect.EXIT_CLEAN;
    }

    /** Writes the cube of the sweep in {@code dir} and returns its path. */
    static Path write(Path dir) throws IOException {
        Path cube = dir.resolve("cube.h5");
        CubeWriter.write(SweepData.load(dir), cube);
        return cube;
    }
}
