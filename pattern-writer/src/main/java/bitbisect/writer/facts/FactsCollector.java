package bitbisect.writer.facts;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Collects {@link Facts} from /proc, /sys and the JVM. Every source is optional: a missing file
 * (no DMI table in a container, no /proc/self/mountstats) leaves its field null instead of
 * failing the run.
 */
public final class FactsCollector {

    private static final Path LIVE_ROOT = Path.of("/");

    /**
     * The live host's facts, read once per process. Reading them starts a process (getconf) and
     * the management beans, about 15-25 ms of a short run's start;
     * {@link #readHostAhead} lets that overlap with parsing the command line.
     */
    private static final FutureTask<Facts.Host> LIVE_HOST = new FutureTask<>(() -> new FactsCollector().readHost());
    private static final AtomicBoolean LIVE_HOST_STARTED = new AtomicBoolean();

    private final Path root;

    /** Reads the live system. */
    public FactsCollector() {
        this(LIVE_ROOT);
    }

    /** Reads /proc and /sys below {@code root}, for tests on a captured tree. */
    public FactsCollector(Path root) {
        this.root = root;
    }

    public Facts collect(Path target) {
        return new Facts(host(), target == null ? null : target(target));
    }

    /**
     * Starts reading the live host's facts on a thread of its own, once per process; {@link #host}
     * of the live system waits for them. A daemon thread: a fact that hangs keeps no process alive.
     */
    public static void readHostAhead() {
        if (LIVE_HOST_STARTED.compareAndSet(false, true)) {
            Thread reader = new Thread(LIVE_HOST, "host-facts");
            reader.setDaemon(true);
            reader.start();
        }
    }

    public Facts.Host host() {
        if (!root.equals(LIVE_ROOT)) {
            return readHost();
        }
        readHostAhead();
        try {
            return LIVE_HOST.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the host's facts failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the host's facts", e);
        }
    }

    private Facts.Host readHost() {
        return new Facts.Host(
                firstLine("proc/sys/kernel/hostname"),
                firstLine("proc/sys/kernel/osrelease"),
                firstLine("proc/sys/kernel/version"),
                System.getProperty("os.arch"),
                firstLine("sys/class/dmi/id/sys_vendor"),
                firstLine("sys/class/dmi/id/product_name"),
                cpu(),
                memoryBytes(),
                libc(),
                jvm());
    }

    /** Facts of the filesystem that holds {@code target} (a file that may not exist yet, or a directory). */
    public Facts.Target target(Path target) {
        String realPath = realPath(target);
        MountTable.Mount mount = MountTable.parse(lines("proc/self/mountinfo")).holding(realPath);
        if (mount == null) {
            return new Facts.Target(target.toString(), realPath, null, null, null, null, null, null);
        }
        return new Facts.Target(target.toString(), realPath, mount.mountPoint(), mount.fsType(), mount.source(),
                mount.options(), mount.superOptions(), nfsCounters(mount.mountPoint()));
    }

    /** Current NFS counters of the mount at {@code mountPoint}, or null when it is not NFS. */
    public NfsCounters nfsCounters(String mountPoint) {
        return mountPoint == null ? null : NfsMountStats.forMount(lines("proc/self/mountstats"), mountPoint);
    }

    /** The real path of {@code p}, or of its nearest existing ancestor with the rest appended. */
    static String realPath(Path p) {
        Path absolute = p.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute.toString();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).toString();
        } catch (IOException e) {
            return absolute.toString();
        }
    }

    private Facts.Cpu cpu() {
        List<String> cpuinfo = lines("proc/cpuinfo");
        if (cpuinfo.isEmpty()) {
            return null;
        }
        String flags = field(cpuinfo, "flags");
        if (flags == null) {
            flags = field(cpuinfo, "Features"); // arm64
        }
        int threads = (int) cpuinfo.stream().filter(l -> l.startsWith("processor")).count();
        return new Facts.Cpu(field(cpuinfo, "model name"), threads, field(cpuinfo, "microcode"),
                flags == null ? null : digest(flags));
    }

    private Long memoryBytes() {
        String total = field(lines("proc/meminfo"), "MemTotal");
        if (total == null) {
            return null;
        }
        return Long.parseLong(total.replace("kB", "").trim()) * 1024;
    }

    private Facts.Jvm jvm() {
        return new Facts.Jvm(System.getProperty("java.vendor"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** glibc's version as getconf reports it; null elsewhere (musl has no such variable). */
    private String libc() {
        if (!root.equals(LIVE_ROOT)) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("getconf", "GNU_LIBC_VERSION").redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(200);
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String field(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String digest(String flags) {
        String[] sorted = flags.trim().split("\\s+");
        Arrays.sort(sorted);
        byte[] hash = Sha256.digest(String.join(" ", sorted).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 8);
    }

    private String firstLine(String relative) {
        List<String> lines = lines(relative);
        return lines.isEmpty() || lines.get(0).isBlank() ? null : lines.get(0).trim();
    }

    private List<String> lines(String relative) {
        try {
            return Files.readAllLines(root.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
