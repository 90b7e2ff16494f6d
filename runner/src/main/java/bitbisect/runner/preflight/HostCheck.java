package bitbisect.runner.preflight;

import java.util.List;
import java.util.Locale;

/**
 * What the preflight found on one host. {@code problems} (labels that disagree with the facts)
 * stop the sweep unless allowed; {@code skips} say why none of the host's cells can run now
 * (unreachable, no java, the writer fails), and a storage that is not "ok" skips that storage's
 * cells. Skipped cells are left for a later resume.
 */
public record HostCheck(
        String host,
        Reach reach,
        String java,
        String kernel,
        String model,
        List<StorageCheck> storages,
        List<String> problems,
        List<String> skips) {

    /** Whether the host could be used: its cells run only when {@code OK}. */
    public enum Reach {
        OK,
        /** No answer (down, frozen, no route), or the connection dropped. */
        UNREACHABLE,
        /** It answered but refused us: an unknown or changed host key, or a refused login. */
        REFUSED;

        /** As the preflight table shows it: a problem in capitals. */
        public String label() {
            return this == OK ? "ok" : name();
        }
    }

    /** What a target directory allows. */
    public enum StorageState {
        OK, FULL, HUNG, UNWRITABLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The detail of a directory whose filesystem reports no size (statfs: 0 blocks): it may run, its room unknown. */
    public static final String SIZE_UNKNOWN = "size unknown (its filesystem reports none)";

    /** One target directory and what it allows. */
    public record StorageCheck(String storage, String directory, StorageState state, Long freeBytes, String detail) {
    }

    /** Whether cells of {@code storage} should not run on this host now, and why (null: they may). */
    public String skipReason(String storage) {
        if (!skips.isEmpty()) {
            return skips.get(0);
        }
        return storages.stream().filter(s -> s.storage().equals(storage) && s.state() != StorageState.OK).findFirst()
                .map(s -> s.directory() + " on " + host + ": " + s.detail()).orElse(null);
    }
}
