package bitbisect.writer.cli;

import static bitbisect.writer.cli.CommandSpecs.option;
import static bitbisect.writer.cli.CommandSpecs.value;

import bitbisect.writer.io.Readback;
import bitbisect.writer.io.ReadbackMode;
import bitbisect.writer.units.ByteSize;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * How run and verify read the file back: the mode and the shape of the reads. The default
 * shape, reads of 1 MiB two in flight, was the fastest O_DIRECT read-back measured on disk and
 * tmpfs (README, Speed): reads of the write block one at a time left 64 KiB blocks at 0.6x of
 * fio's buffered read-back, and 8 MiB reads were slower than 1 MiB ones.
 */
final class ReadbackOptions {

    private final CommandSpec spec;
    private final OptionSpec mode;
    private final OptionSpec readBlock;
    private final OptionSpec readDepth;

    ReadbackOptions(CommandSpec spec) {
        this.spec = spec;
        mode = option(spec, "--readback", ReadbackMode.class, "MODE", "cached",
                "cached (plain read, may be served from this host's page cache), cold (fsync, drop the"
                        + " file's pages from the page cache, then a plain read, as fio verifies) or direct"
                        + " (O_DIRECT read from the storage). Default: ${DEFAULT-VALUE}.");
        readBlock = option(spec, "--read-block", ByteSize.class, "SIZE", "1MiB",
                "Bytes per read call of the read-back, whatever --block the file was written with (fio's"
                        + " bs for reads); a multiple of 8, and of the filesystem block with --readback direct."
                        + " Default: ${DEFAULT-VALUE}.");
        readDepth = option(spec, "--read-depth", int.class, "N", "2",
                "Read calls in flight at once during the read-back, each on a thread of its own (fio's"
                        + " iodepth); 1 reads one call at a time in file order. Default: ${DEFAULT-VALUE}.");
    }

    boolean needsAlignment() {
        return CommandSpecs.<ReadbackMode>value(mode).needsAlignment();
    }

    /** The checked read-back for {@code target}, or a usage error naming the option. */
    Readback check(TargetOptions.Checked target) {
        ReadbackMode mode = value(this.mode);
        ByteSize readBlock = value(this.readBlock);
        int readDepth = value(this.readDepth);
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
