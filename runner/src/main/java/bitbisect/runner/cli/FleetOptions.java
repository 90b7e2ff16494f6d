package bitbisect.runner.cli;

import bitbisect.runner.execute.FleetExecutor;
import bitbisect.runner.execute.JobBook;
import bitbisect.runner.probe.WriterJar;
import bitbisect.runner.store.ResultsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine.Option;

/** How the coordinator reaches hosts: options shared by sweep and rerun. */
final class FleetOptions {

    @Option(names = "--accept-new-host-keys",
            description = "Record the key of a host not yet in its known_hosts file instead of refusing it."
                    + " A changed key is refused regardless.")
    boolean acceptNewHostKeys;

    /** The executor of a sweep: its Slurm jobs are named after it and written down in its journal. */
    FleetExecutor executor(WriterJar jar, ResultsStore store) {
        return new FleetExecutor(jar, acceptNewHostKeys, jobName(store.dir()), new JobBook() {
            @Override
            public Map<String, String> held() {
                try {
                    return store.heldJobs();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the journal of " + store.dir(), e);
                }
            }

            @Override
            public void holding(String host, String job, String how) {
                store.journalJob(host, job, true, how);
            }

            @Override
            public void released(String host, String job, String why) {
                store.journalJob(host, job, false, why);
            }
        });
    }

    /** The name of a sweep's Slurm jobs, so that {@code scancel --name} finds them all. */
    static String jobName(java.nio.file.Path sweepDir) {
        return "bitbisect-" + sweepDir.getFileName();
    }

    /** The executor of a command without a sweep: its Slurm jobs last as long as the command. */
    FleetExecutor executor(WriterJar jar) {
        return new FleetExecutor(jar, acceptNewHostKeys, "bitbisect-check", JobBook.NONE);
    }
}
