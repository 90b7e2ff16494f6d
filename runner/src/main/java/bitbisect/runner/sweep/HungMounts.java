package bitbisect.runner.sweep;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.runner.preflight.HostCheck;
import bitbisect.runner.preflight.Preflight;
import bitbisect.runner.store.RunStatus;
import bitbisect.runner.store.RunSummary;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mounts that stop answering mid-sweep cost one timeout, not one per cell. A run that hung or
 * ended in error has its mount checked as the preflight checks it (create and write a file
 * there within {@link Preflight#MOUNT_LIMIT}); while that check finds it hung, the host's cells
 * on that storage are not sent to it, where each would hang for its whole timeout (hours of a
 * host with the timeouts a fleet uses): they are journaled as skipped with the reason, and the
 * next sweep runs them. A hung mount is checked again at most once every {@link #AGAIN}; the
 * host's other storage goes on meanwhile. One for a whole command: a hunt shares it across its
 * rounds, so that a mount found hung in one round is not sent cells again in the next.
 */
public final class HungMounts {

    static final Duration AGAIN = Duration.ofMinutes(1);

    private record Mount(String host, String storage) {
    }

    /** Why a mount is held back, and when it was last checked. */
    private record Hung(String why, long checkedAt) {
    }

    private final Matrix matrix;
    private final Preflight check;
    private final Map<Mount, Hung> hung = new ConcurrentHashMap<>();

    public HungMounts(Matrix matrix, bitbisect.runner.execute.Executor executor) {
        this.matrix = matrix;
        this.check = new Preflight(matrix, executor, true);
    }

    /**
     * After {@code run} of {@code cell}: when it hung or ended in error, checks its mount; a
     * sentence saying the mount is now held back, or null.
     */
    String after(Cell cell, RunSummary run) {
        if (run.status() != RunStatus.HUNG && run.status() != RunStatus.ERROR) {
            return null;
        }
        Mount m = new Mount(cell.host(), cell.storage());
        String why = stillHung(m, cell.id() + " run " + run.run() + " " + run.status().label());
        if (why == null) {
            return null;
        }
        hung.put(m, new Hung(why, System.nanoTime()));
        return cell.host() + ": " + why + "; its other cells there are not sent to it (the next sweep runs them)";
    }

    /** Before a run of {@code cell}: why not to send it there (its mount is held back), or null. */
    public String before(Cell cell) {
        Mount m = new Mount(cell.host(), cell.storage());
        Hung h = hung.get(m);
        if (h == null) {
            return null;
        }
        if (System.nanoTime() - h.checkedAt() >= AGAIN.toNanos()) {
            String why = stillHung(m, null);
            if (why == null) {
                hung.remove(m);
                return null;
            }
            h = new Hung(h.why(), System.nanoTime());
            hung.put(m, h);
        }
        return "not run: " + h.why() + "; the next sweep runs it";
    }

    /** What the check of the mount says when it does not answer (after {@code event}, if given), or null when it does. */
    private String stillHung(Mount m, String event) {
        Matrix.Host host = matrix.host(m.host()).orElseThrow();
        HostCheck.StorageCheck c = check.checkStorage(host, m.storage());
        if (c.state() != HostCheck.StorageState.HUNG) {
            return null;
        }
        return c.directory() + " " + c.detail() + (event == null ? "" : " after " + event);
    }
}
