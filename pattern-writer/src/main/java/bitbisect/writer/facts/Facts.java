package bitbisect.writer.facts;

import java.util.List;

/**
 * What the writer finds on its host and about its target. Absent values (no DMI table in a VM,
 * no NFS counters on a local disk) are null and left out of the JSON.
 */
public record Facts(Host host, Target target) {

    public record Host(
            String hostname,
            String kernel,
            String kernelVersion,
            String arch,
            String vendor,
            String model,
            Cpu cpu,
            Long memoryBytes,
            String libc,
            Jvm jvm) {
    }

    /** {@code flagsDigest} is the first 16 hex digits of SHA-256 over the sorted flag list. */
    public record Cpu(String model, int threads, String microcode, String flagsDigest) {
    }

    public record Jvm(String vendor, String version, String vm, List<String> arguments) {
    }

    /**
     * The filesystem that holds the target path (longest mount-point prefix of its real path in
     * /proc/self/mountinfo). {@code nfs} carries the NFS client counters at the time of reading.
     */
    public record Target(
            String path,
            String realPath,
            String mountPoint,
            String fsType,
            String source,
            String mountOptions,
            String superOptions,
            NfsCounters nfs) {
    }
}
