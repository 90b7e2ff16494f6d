package bitbisect.writer.cli;

import static bitbisect.writer.cli.CommandSpecs.option;
import static bitbisect.writer.cli.CommandSpecs.value;

import bitbisect.writer.engine.Job;
import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventSink;
import bitbisect.writer.event.WriterCommand;
import bitbisect.writer.io.IoFailure;
import bitbisect.writer.io.PatternFile;
import bitbisect.writer.io.SyncMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** One write pass, leaving the file for {@code verify} (possibly on another host). */
final class WriteCommand implements Callable<Integer> {

    final CommandSpec spec = CommandSpecs.command(this, new String[] {
        "Writes the pattern once and leaves the file, so that another command or another host can"
                + " verify it. Pass the same --size, --pattern and --iteration to verify.",
    }, "", "Example: write --path /mnt/nfs/bb/t.bin --size 1GiB --sync fsync   (then verify on another host)");
    private final TargetOptions target = new TargetOptions(spec, TargetOptions.Use.WRITE);
    private final OptionSpec sync = option(spec, "--sync", SyncMode.class, "MODE", "buffered",
            "buffered, fsync, osync, odsync or direct (see run --help). Default: ${DEFAULT-VALUE}.");
    private final CommonOptions common = new CommonOptions(spec);

    WriteCommand() {
        CommandSpecs.helpOptions(spec);
    }

    @Override
    public Integer call() {
        SyncMode sync = value(this.sync);
        long iteration = target.iteration();
        EventSink sink = new EventSink(spec.commandLine().getOut());
        try (Job job = Job.watching(sink, spec.commandLine().getErr(), common.stall())) {
            TargetOptions.Checked t = job.checking(() -> target.check(sync.needsAlignment()));
            Event.Parameters parameters = new Event.Parameters(t.path().toString(), t.size(), t.block(), sync.label(),
                    null, null, null, t.pattern().spec(), null, null, iteration, null, null, null,
                    common.stall().toMillis() / 1000.0);
            job.start(PatternWriter.version(), WriterCommand.WRITE, parameters, t.path());
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
