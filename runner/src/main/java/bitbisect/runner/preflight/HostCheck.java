package bitbisect.runner.preflight;

import java.util.List;

/**
 * What the preflight found on one host. {@code problems} (labels that disagree with the facts)
 * stop the sweep unless allowed; {@code skips} say why none of the host's cells can run now
 * (unreachable, no java, the writer fails), and a storage that is not "ok" skips that storage's
 * cells. Skipped cells are left for a later resume.
 */
public record HostCheck(
        String host,
        boolean reachable,
        String java,
        String kernel,
        String model,
        List<StorageCheck> storages,
        List<String> problems,
        List<String> skips) {

    /** One target directory: {@code state} is ok, full, hung, unwritable or unchecked. */
    public record StorageCheck(String storage, String directory, String state, Long freeBytes, String detail) {
    }

    /** Whether cells of {@code storage} should not run on this host now, and why (null: they may). */
    public String skipReason(String storage) {
        if (!skips.isEmpty()) {
            return skips.get(0);
        }
        return storages.stream().filter(s -> s.storage().equals(storage) && !s.state().equals("ok")).findFirst()
                .map(s -> s.directory() + " on " + host + ": " + s.detail()).orElse(null);
    }
}
