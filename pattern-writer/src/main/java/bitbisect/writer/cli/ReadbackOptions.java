package bitbisect.writer.cli;

import bitbisect.writer.io.Readback;
import bitbisect.writer.io.ReadbackMode;
import bitbisect.writer.units.ByteSize;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How run and verify read the file back: the mode and the shape of the reads. The default
 * shape, reads of 1 MiB two in flight, was the fastest O_DIRECT read-back measured on disk and
 * tmpfs (README, Speed): reads of the write block one at a time left 64 KiB blocks at 0.6x of
 * fio's buffered read-back, and 8 MiB reads were slower than 1 MiB ones.
 */
final class ReadbackOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--readback", defaultValue = "cached", paramLabel = "MODE",
            description = "cached (plain read, may be served from this host's page cache) or direct (O_DIRECT read"
                    + " from the storage). Default: ${DEFAULT-VALUE}.")
    ReadbackMode mode;

    @Option(names = "--read-block", defaultValue = "1MiB", paramLabel = "SIZE",
            description = "Bytes per read call of the read-back, whatever --block the file was written with (fio's"
                    + " bs for reads); a multiple of 8, and of the filesystem block with --readback direct."
                    + " Default: ${DEFAULT-VALUE}.")
    ByteSize readBlock;

    @Option(names = "--read-depth", defaultValue = "2", paramLabel = "N",
            description = "Read calls in flight at once during the read-back, each on a thread of its own (fio's"
                    + " iodepth); 1 reads one call at a time in file order. Default: ${DEFAULT-VALUE}.")
    int readDepth;

    boolean needsAlignment() {
        return mode.needsAlignment();
    }

    /** The checked read-back for {@code target}, or a usage error naming the option. */
    Readback check(TargetOptions.Checked target) {
        long bytes = readBlock.bytes();
        if (bytes <= 0 || bytes % 8 != 0 || bytes > TargetOptions.MAX_BLOCK) {
            throw usage("--read-block " + readBlock + ": must be a multiple of 8 bytes between 8 and 1GiB;"
                    + " for example 1MiB");
        }
        if (mode.needsAlignment() && bytes % target.alignment() != 0) {
            throw usage("--readback direct needs --read-block to be a multiple of " + target.alignment()
                    + " bytes (O_DIRECT alignment for " + target.path().getParent() + "); got " + readBlock);
        }
        if (readDepth < 1 || readDepth > Readback.MAX_DEPTH) {
            throw usage("--read-depth " + readDepth + ": must be between 1 and " + Readback.MAX_DEPTH);
        }
        return new Readback(mode, (int) bytes, readDepth);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
