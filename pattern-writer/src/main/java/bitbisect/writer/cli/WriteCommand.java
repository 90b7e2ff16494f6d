package bitbisect.writer.cli;

import bitbisect.writer.engine.Job;
import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventSink;
import bitbisect.writer.io.IoFailure;
import bitbisect.writer.io.PatternFile;
import bitbisect.writer.io.SyncMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One write pass, leaving the file for {@code verify} (possibly on another host). */
@Command(name = "write", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Writes the pattern once and leaves the file, so that another command or another host can"
                + " verify it. Pass the same --size, --pattern and --iteration to verify.",
        footer = {"", "Example: write --path /mnt/nfs/bb/t.bin --size 1GiB --sync fsync   (then verify on another host)"})
final class WriteCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetOptions target;

    @Option(names = "--sync", defaultValue = "buffered", paramLabel = "MODE",
            description = "buffered, fsync, osync, odsync or direct (see run --help). Default: ${DEFAULT-VALUE}.")
    private SyncMode sync;

    @Option(names = "--iteration", defaultValue = "1", paramLabel = "N",
            description = "Which iteration's pattern to write; offset and random patterns change with it."
                    + " Default: ${DEFAULT-VALUE}.")
    private long iteration;

    @Mixin
    private CommonOptions common;

    @Override
    public Integer call() {
        TargetOptions.Checked t = target.check(true, sync.needsAlignment());
        Event.Parameters parameters = new Event.Parameters(t.path().toString(), t.size(), t.block(), sync.label(),
                null, null, null, t.pattern().spec(), null, null, iteration, null, null, common.stall.toMillis() / 1000.0);
        EventSink sink = new EventSink(spec.commandLine().getOut());
        try (Job job = Job.begin(sink, spec.commandLine().getErr(), PatternWriter.version(), "write", parameters, t.path(), common.stall)) {
            PatternFile file = new PatternFile(t.path(), t.size(), t.block(), t.alignment(), job.watch());
            job.startIteration(iteration);
            try {
                PatternFile.Written w = job.write(file, t.pattern().forIteration(iteration), sync);
                job.emit(new Event.Iteration(iteration, t.size(), w.writeNanos(), w.syncNanos(), null, null, 0,
                        w.flags(), null, null));
            } catch (IoFailure failure) {
                job.failed(failure);
            }
            return job.end();
        }
    }
}
