package bitbisect.runner.cli;

import bitbisect.runner.execute.FleetExecutor;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.preflight.HostCheck;
import bitbisect.runner.preflight.Preflight;
import bitbisect.runner.probe.WriterJar;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The preflight on its own: can every host run its cells? */
@Command(name = "check", aliases = "hosts", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Checks every host of the matrix without running cells: reachable, java, each target directory"
                + " writable with room for the largest file (a hung mount is reported after 10 s), and the host's"
                + " kernel and model against its labels. Every sweep starts with the same check.",
        footer = {"", "Example: bitbisect check examples/fleet.yaml"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MatrixOption matrixOption;

    @Mixin
    private FleetOptions fleet;

    @Mixin
    private PreflightOptions preflight;

    @Override
    public Integer call() throws Exception {
        Matrix matrix = matrixOption.load();
        WriterJar jar = WriterJar.unpack(WriterJar.defaultCacheDir());
        try (FleetExecutor executor = fleet.executor(jar)) {
            executor.watch(bitbisect.runner.execute.QueueWatch.lines(spec.commandLine().getErr()));
            List<HostCheck> checks = new Preflight(matrix, executor, preflight.allowLabelMismatch).checkAll();
            PreflightOptions.print(spec.commandLine().getOut(), checks);
            boolean clean = checks.stream().allMatch(c -> c.problems().isEmpty() && c.skips().isEmpty()
                    && c.storages().stream().allMatch(s -> s.state() == HostCheck.StorageState.OK));
            return clean ? Bitbisect.EXIT_CLEAN : Bitbisect.EXIT_INCOMPLETE;
        }
    }
}
