package bitbisect.writer.cli;

import static bitbisect.writer.cli.CommandSpecs.option;
import static bitbisect.writer.cli.CommandSpecs.value;

import bitbisect.writer.engine.Job;
import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventSink;
import bitbisect.writer.event.WriterCommand;
import bitbisect.writer.io.IoFailure;
import bitbisect.writer.io.PatternFile;
import bitbisect.writer.io.Readback;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** One read-back pass over a file written earlier (here or on another host). Exit 1 when corrupt. */
final class VerifyCommand implements Callable<Integer> {

    final CommandSpec spec = CommandSpecs.command(this, new String[] {
        "Reads an existing file and reports every word that differs from the pattern. Exits 1 when"
                + " it finds corruption. The file is left as it is.",
    }, "", "Example: verify --path /mnt/nfs/bb/t.bin --size 1GiB --readback direct");
    private final TargetOptions target = new TargetOptions(spec, TargetOptions.Use.VERIFY);
    private final ReadbackOptions readbackOptions = new ReadbackOptions(spec);
    private final OptionSpec maxEventsOption = option(spec, "--max-events", int.class, "N", "1000",
            "Most corruption events printed; the count stays exact past it. Default: ${DEFAULT-VALUE}.");
    private final CommonOptions common = new CommonOptions(spec);

    VerifyCommand() {
        CommandSpecs.helpOptions(spec);
    }

    @Override
    public Integer call() {
        long iteration = target.iteration();
        int maxEvents = value(maxEventsOption);
        if (maxEvents < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--max-events " + maxEvents + ": must be 0 or more");
        }
        EventSink sink = new EventSink(spec.commandLine().getOut());
        try (Job job = Job.watching(sink, spec.commandLine().getErr(), common.stall())) {
            TargetOptions.Checked t = job.checking(() -> target.check(readbackOptions.needsAlignment()));
            Readback readback = readbackOptions.check(t);
            Event.Parameters parameters = new Event.Parameters(t.path().toString(), t.size(), t.block(), null,
                    readback.mode().label(), (long) readback.readBlock(), readback.depth(), t.pattern().spec(), null,
                    null, iteration, null, null, maxEvents, common.stall().toMillis() / 1000.0);
            job.start(PatternWriter.version(), WriterCommand.VERIFY, parameters, t.path());
            PatternFile file = new PatternFile(t.path(), t.size(), t.block(), t.alignment(), job.watch());
            job.startIteration(iteration);
            try {
                Job.Check check = job.verify(file, t.pattern().forIteration(iteration), readback, maxEvents);
                PatternFile.Verified v = check.verified();
                job.emit(new Event.Iteration(iteration, t.size(), null, null, v.readNanos(), v.verifyNanos(),
                        v.corruptWords(), null, v.flags(), null));
            } catch (IoFailure failure) {
                job.failed(failure);
            }
            return job.end();
        }
    }
}
