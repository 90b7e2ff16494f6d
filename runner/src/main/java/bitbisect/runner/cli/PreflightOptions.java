package bitbisect.runner.cli;

import bitbisect.runner.execute.FleetExecutor;
import bitbisect.runner.execute.QueueWatch;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.preflight.HostCheck;
import bitbisect.runner.preflight.Preflight;
import bitbisect.writer.units.Count;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import bitbisect.writer.units.ByteSize;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The preflight's option, and its table. */
final class PreflightOptions {

    @Option(names = "--allow-label-mismatch",
            description = "Run even where a host's kernel or model label disagrees with what the host reports"
                    + " (for labels declared on purpose, as in the lab).")
    boolean allowLabelMismatch;

    /**
     * Checks every host (the first connections, which may ask for passphrases), prints the table
     * to {@code err}, and refuses to go on when it found problems: nothing has run then.
     */
    List<HostCheck> checkOrRefuse(CommandSpec spec, Matrix matrix, FleetExecutor executor, PrintWriter err)
            throws InterruptedException {
        executor.watch(QueueWatch.lines(err));
        List<HostCheck> checks = new Preflight(matrix, executor, allowLabelMismatch).checkAll();
        print(err, checks);
        List<String> problems = checks.stream().flatMap(c -> c.problems().stream()).toList();
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "the preflight found " + Count.of(problems.size(),
                    "problem") + " (above); nothing ran");
        }
        return checks;
    }

    /** One line per host: reach, java, kernel, model, and each storage with its state and free space. */
    static void print(PrintWriter out, List<HostCheck> checks) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("host", "reach", "java", "kernel", "model", "storage"));
        for (HostCheck c : checks) {
            List<String> storages = new ArrayList<>();
            for (HostCheck.StorageCheck s : c.storages()) {
                storages.add(s.storage() + " " + s.state().label() + (s.freeBytes() != null
                        ? " (" + ByteSize.approximate(s.freeBytes()) + " free)"
                        : s.state() == HostCheck.StorageState.OK && s.detail() != null ? " (" + s.detail() + ")" : ""));
            }
            rows.add(List.of(c.host(), c.reach().label(), orDash(c.java()), orDash(c.kernel()),
                    orDash(c.model()), String.join(", ", storages)));
        }
        Table.print(out, rows);
        for (HostCheck c : checks) {
            c.skips().forEach(s -> out.println("  skip: " + s));
            c.storages().stream().filter(s -> s.state() != HostCheck.StorageState.OK)
                    .forEach(s -> out.println("  skip: " + s.directory() + " on " + c.host() + ": " + s.detail()));
            c.problems().forEach(p -> out.println("  problem: " + p));
        }
        out.flush();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
