package bitbisect.runner.store;

import bitbisect.writer.facts.Facts;

/**
 * A host's facts as stored in {@code hosts/HOST.json}: typed for reading, and the file's text
 * for the cube, which keeps it verbatim.
 */
public record HostFacts(String host, Facts facts, String json) {
}
