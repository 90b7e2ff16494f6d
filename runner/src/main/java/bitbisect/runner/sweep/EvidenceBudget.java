package bitbisect.runner.sweep;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Corrupt files kept per cell, at most {@code work.keep_corrupt} over all its runs (replicates,
 * reruns, a hunt's rounds, resumed sweeps): each run is promised what is left when it starts,
 * so two runs of one cell at once never keep more between them, and gives back what it did not
 * keep when it ends. The files beyond are deleted once verified; their words are in the events.
 */
final class EvidenceBudget {

    /** The files a cell's finished runs kept, read from the store the first time the cell runs. */
    @FunctionalInterface
    interface KeptBefore {
        int of(String cell) throws IOException;
    }

    private final int perCell;
    private final KeptBefore keptBefore;
    private final Map<String, Integer> used = new HashMap<>();

    EvidenceBudget(int perCell, KeptBefore keptBefore) {
        this.perCell = perCell;
        this.keptBefore = keptBefore;
    }

    /** The files a run of {@code cell} starting now may keep, promised to it until {@link #settle}. */
    synchronized int take(String cell) throws IOException {
        if (!used.containsKey(cell)) {
            used.put(cell, keptBefore.of(cell)); // only cells that run are read, once
        }
        int left = Math.max(0, perCell - used.get(cell));
        used.merge(cell, left, Integer::sum);
        return left;
    }

    /** A run of {@code cell} promised {@code promised} files ended having kept {@code kept}. */
    synchronized void settle(String cell, int promised, int kept) {
        used.merge(cell, kept - promised, Integer::sum);
    }
}
