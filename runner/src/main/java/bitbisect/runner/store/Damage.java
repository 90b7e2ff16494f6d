package bitbisect.runner.store;

import java.nio.file.Path;

/**
 * Something in a sweep's store that cannot count as evidence: a damaged or impossible summary, a
 * summary without its events, a directory that is no cell of the sweep, a torn journal line, a
 * temporary file left by a killed process. Never counted; always shown with what to do.
 *
 * @param problem what is wrong, e.g. "a run summary without its events (run-001.jsonl is missing)"
 * @param action  what to do about it, e.g. "restore it from a copy, or the next sweep runs it again"
 */
public record Damage(Path path, String problem, String action) {

    @Override
    public String toString() {
        return path + ": " + problem + "; " + action;
    }
}
