package bitbisect.writer.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every file command takes. */
final class CommonOptions {

    @Option(names = "--stall", defaultValue = "10s", paramLabel = "DURATION",
            description = "Report a stall event when one open/write/fsync/close/read call runs longer than this"
                    + " (again at every further multiple while it lasts); it never aborts the call. 0 turns it"
                    + " off. Default: ${DEFAULT-VALUE}.")
    Duration stall;

    @Option(names = "--quiet", description = "No progress lines on stderr (errors and the summary still appear).")
    boolean quiet;
}
