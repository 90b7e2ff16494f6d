package bitbisect.writer.cli;

import static bitbisect.writer.cli.CommandSpecs.flag;
import static bitbisect.writer.cli.CommandSpecs.option;
import static bitbisect.writer.cli.CommandSpecs.value;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Options every file command takes, added last to its model. */
final class CommonOptions {

    private final OptionSpec stall;
    private final OptionSpec quiet;

    CommonOptions(CommandSpec spec) {
        stall = option(spec, "--stall", Duration.class, "DURATION", "10s",
                "Report a stall event when one call on the file (open, write, fsync, close, read, delete...) runs"
                        + " longer than this"
                        + " (again at every further multiple while it lasts); it never aborts the call. 0 turns it"
                        + " off. Default: ${DEFAULT-VALUE}.");
        quiet = flag(spec, "--quiet", "No progress lines on stderr (errors and the summary still appear).");
    }

    Duration stall() {
        return value(stall);
    }

    boolean quiet() {
        return value(quiet);
    }
}
