package bitbisect.writer.cli;

import bitbisect.writer.pattern.Pattern;
import bitbisect.writer.units.ByteSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** The file and its content: options shared by run, write and verify, added first to their models. */
final class TargetOptions {

    /** Largest block: one direct buffer each for writing and comparing. */
    static final long MAX_BLOCK = 1L << 30;

    /** What the command does with the file: its help and its checks differ. */
    enum Use {
        RUN("File to write and read back."),
        WRITE("File to write."),
        VERIFY("File to read back, as run or write left it, here or on another host.");

        private final String lead;

        Use(String lead) {
            this.lead = lead;
        }

        boolean writes() {
            return this != VERIFY;
        }
    }

    private final CommandSpec spec;
    private final Use use;
    private final OptionSpec path;
    private final OptionSpec size;
    private final OptionSpec block;
    private final OptionSpec pattern;
    /** The one iteration whose pattern write writes and verify expects; run numbers its own. */
    private final OptionSpec iteration;

    TargetOptions(CommandSpec spec, Use use) {
        this.spec = spec;
        this.use = use;
        path = CommandSpecs.required(spec, "--path", Path.class, "FILE", use.lead + (use.writes()
                ? " Its directory must exist. An existing file is overwritten; anything but a regular file is refused."
                : " Anything but a regular file is refused; a missing one is an error event (exit 3)."));
        size = CommandSpecs.option(spec, "--size", ByteSize.class, "SIZE", "64MiB",
                (use.writes() ? "File size" : "Size the file was written with, which it is checked against")
                        + ": bytes or KiB/MiB/GiB/TiB (K/M/G/T also mean binary units); a multiple of 8."
                        + " Default: ${DEFAULT-VALUE}.");
        block = CommandSpecs.option(spec, "--block", ByteSize.class, "SIZE", "1MiB", use.writes()
                ? "Bytes per write call; a multiple of 8. Default: ${DEFAULT-VALUE}."
                : "Bytes compared at a time; a multiple of 8. The expected content depends on the offset alone, so"
                        + " any block checks a file written with any other. Default: ${DEFAULT-VALUE}.");
        pattern = CommandSpecs.option(spec, "--pattern", String.class, "NAME", "alternating",
                "alternating (even words all ones, odd all zeros), inverse, offset (each word is its"
                        + " offset XOR a per-iteration salt), random:SEED, or tagged (each word names its file, iteration"
                        + " and offset, so stale, misplaced and foreign data are named as such). Default: ${DEFAULT-VALUE}.");
        iteration = use == Use.RUN ? null : CommandSpecs.option(spec, "--iteration", long.class, "N", "1",
                (use == Use.WRITE ? "Which iteration's pattern to write; offset, random and tagged patterns change with it."
                        : "Which iteration's pattern to expect (as given to write).") + " Default: ${DEFAULT-VALUE}.");
    }

    /** The iteration whose pattern the file holds (write and verify): 1 or more, as run numbers them. */
    long iteration() {
        long n = CommandSpecs.value(iteration);
        if (n < 1) {
            throw usage("--iteration " + n + ": must be 1 or more (run numbers its iterations from 1)");
        }
        return n;
    }

    /** The checked target. {@code alignment} is the buffer alignment to use. */
    record Checked(Path path, long size, int block, Pattern pattern, int alignment) {
    }

    /**
     * Checks everything that can be checked before touching the file, so a mistake is one clear
     * line and exit 2 with nothing written.
     *
     * @param direct O_DIRECT is used for writing or reading
     */
    Checked check(boolean direct) {
        Path path = CommandSpecs.value(this.path);
        ByteSize size = CommandSpecs.value(this.size);
        ByteSize block = CommandSpecs.value(this.block);
        String pattern = CommandSpecs.value(this.pattern);
        long bytes = size.bytes();
        if (bytes <= 0 || bytes % 8 != 0) {
            long below = bytes - bytes % 8;
            throw usage("--size " + size + ": must be a positive multiple of 8 bytes (one 64-bit word); for example "
                    + (below >= 8 ? ByteSize.of(below) + " or " : "") + ByteSize.of(Math.max(8, below + 8)));
        }
        long blockBytes = block.bytes();
        if (blockBytes <= 0 || blockBytes % 8 != 0 || blockBytes > MAX_BLOCK) {
            throw usage("--block " + block + ": must be a multiple of 8 bytes between 8 and 1GiB; for example 1MiB");
        }
        Pattern parsed;
        try {
            parsed = Pattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            throw usage("--pattern: " + e.getMessage());
        }
        Path file = path.toAbsolutePath().normalize();
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw usage("--path " + path + ": directory " + dir + " does not exist; create it or choose another path");
        }
        if (Files.isSymbolicLink(file)) {
            throw usage("--path " + path + ": is a symbolic link (" + linkTarget(file) + "); the writer does not write or read"
                    + " through links: give the file's own path or a new file name");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw usage("--path " + path + ": exists and is not a regular file; choose a new file name");
        }
        if (use.writes()) {
            if (!Files.isWritable(dir)) {
                throw usage("--path " + path + ": directory " + dir + " is not writable (read-only filesystem or"
                        + " permissions); choose a writable directory");
            }
            warnIfLargerThanFreeSpace(file, dir, bytes, size);
        }
        int alignment = 4096;
        if (direct) {
            long fsBlock = fsBlockSize(dir);
            if (bytes % fsBlock != 0 || blockBytes % fsBlock != 0) {
                throw usage("O_DIRECT needs --size and --block to be multiples of " + fsBlock + " bytes (the block"
                        + " size of the filesystem holding " + dir + "); got --size " + size + " --block " + block);
            }
            if (Long.bitCount(fsBlock) == 1) {
                alignment = (int) Math.max(alignment, fsBlock);
            }
        }
        return new Checked(file, bytes, (int) blockBytes, parsed.forFile(file.getFileName().toString()), alignment);
    }

    /**
     * A warning, not a refusal: a compressing or thin filesystem may hold more than it says is
     * free, but on most a write past it ends in ENOSPC after all the time it took.
     */
    private void warnIfLargerThanFreeSpace(Path file, Path dir, long bytes, ByteSize size) {
        try {
            // File's statvfs(3) call, not a FileStore, which reads the mount table first
            long usable = dir.toFile().getUsableSpace();
            if (usable == 0) {
                return; // statvfs failed (or the filesystem is full, which the write will say)
            }
            long free = usable + (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0);
            if (bytes > free) {
                spec.commandLine().getErr().println("warning: --size " + size + " is more than the " + ByteSize.approximate(free)
                        + " free for this user in " + dir + " (the file it replaces included); the write may end in ENOSPC");
                spec.commandLine().getErr().flush();
            }
        } catch (IOException e) {
            // no figure to warn with: the write tells
        }
    }

    private static String linkTarget(Path link) {
        try {
            return "to " + Files.readSymbolicLink(link);
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private long fsBlockSize(Path dir) {
        try {
            return Files.getFileStore(dir).getBlockSize();
        } catch (IOException | UnsupportedOperationException e) {
            return 4096;
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
