package bitbisect.runner.sweep;

import bitbisect.runner.store.RunSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corrupt files kept per cell, at most {@code work.keep_corrupt} over all its runs (replicates,
 * reruns, a hunt's rounds, resumed sweeps): each run is promised what is left when it starts,
 * so two runs of one cell at once never keep more between them, and gives back what it did not
 * keep when it ends. The files beyond are deleted once verified; their words are in the events.
 */
final class EvidenceBudget {

    private final int perCell;
    private final Map<String, Integer> used = new HashMap<>();

    /** The budget of {@code perCell} files per cell, less what the finished runs in {@code done} kept. */
    EvidenceBudget(int perCell, Map<String, List<RunSummary>> done) {
        this.perCell = perCell;
        done.forEach((cell, runs) -> used.put(cell, runs.stream().mapToInt(r -> r.kept().size()).sum()));
    }

    /** The files a run of {@code cell} starting now may keep, promised to it until {@link #settle}. */
    synchronized int take(String cell) {
        int left = Math.max(0, perCell - used.getOrDefault(cell, 0));
        used.merge(cell, left, Integer::sum);
        return left;
    }

    /** A run of {@code cell} promised {@code promised} files ended having kept {@code kept}. */
    synchronized void settle(String cell, int promised, int kept) {
        used.merge(cell, kept - promised, Integer::sum);
    }
}
