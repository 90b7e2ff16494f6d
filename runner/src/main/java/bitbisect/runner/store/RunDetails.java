package bitbisect.runner.store;

/**
 * What a run's events say beyond its counts, gathered as the events arrive so that readers of
 * the store need not parse them again: the write block, the target's filesystem and mount
 * options, NFS counters over the run, stall reports, the first corrupt iteration (0: none) and
 * the corrupt words found but not printed (the writer's max_events), and the seconds its iterations
 * spent in I/O and verification (write, sync, read, verify: the run's time less its fixed cost;
 * null when not known); and the iterations whose file came back shorter than written (a lost
 * write: {@code size_mismatch}), the bytes missing from them together, and the shortest size one
 * came back as (-1: none); and the errno of its first I/O error (null: none), by which the report
 * explains errors as it explains corruption. Absent (null) in summaries written before it
 * existed; readers then parse the events.
 */
public record RunDetails(long block, String fsType, String mountOptions, String nfsOptions, long nfsRetransmits,
                         long nfsMajorTimeouts, long stalls, long firstCorruptIteration, long eventsNotPrinted,
                         Double iterationSeconds, long shortIterations, long missingBytes, long shortestBytes,
                         String errno) {
}
