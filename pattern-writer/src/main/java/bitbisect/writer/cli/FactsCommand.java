package bitbisect.writer.cli;

import bitbisect.writer.event.EventCodec;
import bitbisect.writer.facts.Facts;
import bitbisect.writer.facts.FactsCollector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The host's facts, and the target's when a path is given, as one JSON object. */
final class FactsCommand implements Callable<Integer> {

    final CommandSpec spec = CommandSpecs.command(this, new String[] {
        "Prints the facts of this host (kernel, hardware model, CPU and microcode, memory, libc, JVM)"
                + " and, with --path, of the filesystem holding it (mount point, type, source, options, NFS"
                + " client counters) as one JSON object.",
    }, "", "Example: facts --path /mnt/nfs/bitbisect --pretty");
    private final OptionSpec path = CommandSpecs.option(spec, "--path", Path.class, "DIR", null,
            "A directory or file whose filesystem to describe.");
    private final OptionSpec pretty = CommandSpecs.flag(spec, "--pretty", "Indent the JSON for reading.");

    FactsCommand() {
        CommandSpecs.helpOptions(spec);
    }

    @Override
    public Integer call() {
        Facts facts = new FactsCollector().collect(CommandSpecs.value(path));
        PrintWriter out = spec.commandLine().getOut();
        out.println(EventCodec.toJson(facts, CommandSpecs.<Boolean>value(pretty)));
        out.flush();
        return 0;
    }
}
