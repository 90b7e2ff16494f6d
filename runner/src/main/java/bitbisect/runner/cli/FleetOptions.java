package bitbisect.runner.cli;

import bitbisect.runner.execute.FleetExecutor;
import bitbisect.runner.execute.WriterJar;
import picocli.CommandLine.Option;

/** How the coordinator reaches hosts: options shared by sweep and rerun. */
final class FleetOptions {

    @Option(names = "--accept-new-host-keys",
            description = "Record the key of a host not yet in its known_hosts file instead of refusing it."
                    + " A changed key is refused regardless.")
    boolean acceptNewHostKeys;

    FleetExecutor executor(WriterJar jar) {
        return new FleetExecutor(jar, acceptNewHostKeys);
    }
}
