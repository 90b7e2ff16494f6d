package bitbisect.runner.store;

import bitbisect.writer.event.Event;
import bitbisect.writer.facts.Facts;
import bitbisect.writer.facts.NfsCounters;

/**
 * The one derivation of a run's {@link RunDetails} from its events, fed one event at a time:
 * as the writer's lines arrive (the sweep's recorder) and when the events of a store written
 * before summaries held them are read back.
 *
 * <p>The first corrupt iteration is the earliest iteration that reports corrupt words, a
 * corruption event or a size mismatch: an iteration's count says so even when the writer's
 * {@code --max-events} held all of its corruption lines back, and a corruption line says so
 * even when the writer was stopped before that iteration's own line.
 */
public final class RunDetailsOfEvents {

    private long block;
    private Facts.Target target;
    private NfsCounters nfsDelta;
    private long stalls;
    private long iterationNanos;
    private boolean iterationsTimed;
    private long firstCorruptIteration;
    private long eventsNotPrinted;
    private long shortIterations;
    private long missingBytes;
    private long shortestBytes = -1;
    private String errno;

    public void add(Event event) {
        if (event instanceof Event.Start start) {
            if (start.parameters() != null) {
                block = start.parameters().block();
                target = start.facts() == null ? null : start.facts().target();
            }
        } else if (event instanceof Event.Iteration it) {
            for (Long ns : new Long[] {it.writeNs(), it.syncNs(), it.readNs(), it.verifyNs()}) {
                iterationNanos += ns == null ? 0 : ns;
                iterationsTimed |= ns != null;
            }
            if (it.corruptWords() > 0) {
                corruptAt(it.iteration());
            }
        } else if (event instanceof Event.Corruption c) {
            corruptAt(c.iteration());
        } else if (event instanceof Event.SizeMismatch m) {
            corruptAt(m.iteration());
            if (m.actualBytes() < m.expectedBytes()) {
                shortIterations++;
                missingBytes += m.expectedBytes() - m.actualBytes();
                shortestBytes = shortestBytes < 0 ? m.actualBytes() : Math.min(shortestBytes, m.actualBytes());
            }
        } else if (event instanceof Event.IoError error) {
            errno = errno != null ? errno : error.errno() != null ? error.errno() : "no errno";
        } else if (event instanceof Event.Stall) {
            stalls++;
        } else if (event instanceof Event.End end) {
            nfsDelta = end.nfsDelta();
            eventsNotPrinted += end.eventsNotPrinted();
        }
    }

    private void corruptAt(long iteration) {
        firstCorruptIteration = firstCorruptIteration == 0 ? iteration : Math.min(firstCorruptIteration, iteration);
    }

    /** What the events said so far. */
    public RunDetails details() {
        String nfsOptions = nfsDelta != null ? nfsDelta.options()
                : target != null && target.nfs() != null ? target.nfs().options() : null;
        return new RunDetails(block, target == null ? null : target.fsType(),
                target == null ? null : target.mountOptions(), nfsOptions,
                nfsDelta == null ? 0 : nfsDelta.retransmits(), nfsDelta == null ? 0 : nfsDelta.majorTimeouts(), stalls,
                firstCorruptIteration, eventsNotPrinted, iterationsTimed ? iterationNanos / 1e9 : null,
                shortIterations, missingBytes, shortestBytes, errno);
    }
}
