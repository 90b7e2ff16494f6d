package bitbisect.writer.cli;

import bitbisect.writer.event.EventCodec;
import bitbisect.writer.facts.Facts;
import bitbisect.writer.facts.FactsCollector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The host's facts, and the target's when a path is given, as one JSON object. */
@Command(name = "facts", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Prints the facts of this host (kernel, hardware model, CPU and microcode, memory, libc, JVM)"
                + " and, with --path, of the filesystem holding it (mount point, type, source, options, NFS"
                + " client counters) as one JSON object.",
        footer = {"", "Example: facts --path /mnt/nfs/bitbisect --pretty"})
final class FactsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--path", paramLabel = "DIR", description = "A directory or file whose filesystem to describe.")
    private Path path;

    @Option(names = "--pretty", description = "Indent the JSON for reading.")
    private boolean pretty;

    @Override
    public Integer call() {
        Facts facts = new FactsCollector().collect(path);
        PrintWriter out = spec.commandLine().getOut();
        out.println(EventCodec.toJson(facts, pretty));
        out.flush();
        return 0;
    }
}
