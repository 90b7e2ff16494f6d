package bitbisect.writer.cli;

import static bitbisect.writer.cli.CommandSpecs.option;
import static bitbisect.writer.cli.CommandSpecs.value;

import bitbisect.writer.engine.Job;
import bitbisect.writer.engine.RunLoop;
import bitbisect.writer.event.Event;
import bitbisect.writer.event.EventSink;
import bitbisect.writer.event.WriterCommand;
import bitbisect.writer.io.Evidence.Keep;
import bitbisect.writer.io.Readback;
import bitbisect.writer.io.SyncMode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** The iteration loop ({@link RunLoop}) as a command: its options, its events, its exit code. */
final class RunCommand implements Callable<Integer> {

    final CommandSpec spec = CommandSpecs.command(this, new String[] {
        "Repeats: write the file, make it durable as --sync says, read it back as --readback says, verify"
                + " every word, then delete it (or keep it as evidence when corrupt).",
        "Stops after --iterations (default 1) or once --duration has passed, or at the first I/O error.",
    }, "", "Example: run --path /mnt/nfs/bb/t.bin --size 64MiB --sync buffered --iterations 400");
    private final TargetOptions target = new TargetOptions(spec, TargetOptions.Use.RUN);
    private final OptionSpec sync = option(spec, "--sync", SyncMode.class, "MODE", "buffered",
            "How the file is made durable: buffered (write, close), fsync (write, fsync, close),"
                    + " osync (O_SYNC), odsync (O_DSYNC), direct (O_DIRECT, aligned). Default: ${DEFAULT-VALUE}.");
    private final ReadbackOptions readbackOptions = new ReadbackOptions(spec);
    private final OptionSpec iterationsOption = option(spec, "--iterations", Long.class, "N", null,
            "Number of iterations (default 1).");
    private final OptionSpec durationOption = option(spec, "--duration", Duration.class, "DURATION", null,
            "Run iterations until this much time has passed, e.g. 30m or 2h (an iteration in"
                    + " progress completes).");
    private final OptionSpec keepOption = option(spec, "--keep", Keep.class, "WHICH", "corrupt",
            "Files to keep after verifying: corrupt (as FILE.iterN.corrupt), none, or all (clean"
                    + " ones as FILE.iterN). Default: ${DEFAULT-VALUE}.");
    private final OptionSpec keepMaxOption = option(spec, "--keep-max", Integer.class, "N", null,
            "Keep at most N files, the first ones (default: no limit); later ones are deleted once"
                    + " verified, and their iteration events name no kept file.");
    private final OptionSpec maxEventsOption = option(spec, "--max-events", int.class, "N", "1000",
            "Most corruption events printed per iteration; counts stay exact past it."
                    + " Default: ${DEFAULT-VALUE}.");
    private final CommonOptions common = new CommonOptions(spec);

    RunCommand() {
        CommandSpecs.helpOptions(spec);
    }

    @Override
    public Integer call() {
        SyncMode sync = value(this.sync);
        Long iterations = value(iterationsOption);
        Duration duration = value(durationOption);
        Keep keep = value(keepOption);
        Integer keepMax = value(keepMaxOption);
        int maxEvents = value(maxEventsOption);
        if (iterations != null && duration != null) {
            throw new ParameterException(spec.commandLine(), "give --iterations or --duration, not both");
        }
        if (iterations != null && iterations < 1) {
            throw new ParameterException(spec.commandLine(), "--iterations " + iterations + ": must be at least 1");
        }
        if (keepMax != null && keepMax < 0) {
            throw new ParameterException(spec.commandLine(), "--keep-max " + keepMax + ": must be 0 or more");
        }
        if (maxEvents < 0) {
            throw new ParameterException(spec.commandLine(), "--max-events " + maxEvents + ": must be 0 or more");
        }
        EventSink sink = new EventSink(spec.commandLine().getOut());
        try (Job job = Job.watching(sink, spec.commandLine().getErr(), common.stall())) {
            TargetOptions.Checked t = job.checking(() -> target.check(sync.needsAlignment() || readbackOptions.needsAlignment()));
            Readback readback = readbackOptions.check(t);
            long count = iterations != null ? iterations : duration != null ? Long.MAX_VALUE : 1;
            Event.Parameters parameters = new Event.Parameters(t.path().toString(), t.size(), t.block(), sync.label(),
                    readback.mode().label(), (long) readback.readBlock(), readback.depth(), t.pattern().spec(),
                    iterations == null && duration == null ? Long.valueOf(1) : iterations,
                    duration == null ? null : duration.toMillis() / 1000.0, null, keep.toString(), keepMax, maxEvents,
                    common.stall().toMillis() / 1000.0);
            job.start(PatternWriter.version(), WriterCommand.RUN, parameters, t.path());
            new RunLoop(t.path(), t.size(), t.block(), t.alignment(), t.pattern(), sync, readback, count, duration,
                    keep, keepMax == null ? Integer.MAX_VALUE : keepMax, maxEvents, common.quiet()).run(job);
            return job.end();
        }
    }
}
