package bitbisect.writer.facts;

/**
 * NFS client counters of one mount from /proc/self/mountstats: RPC sends of the transport, and
 * over all operations the requests, transmissions, retransmissions (transmissions - requests)
 * and major timeouts; {@code options} is the mount's "opts:" line (vers, wsize, timeo, retrans).
 */
public record NfsCounters(String options, long sends, long requests, long transmissions, long retransmits,
                          long majorTimeouts) {

    /** Counters accumulated between {@code before} and this reading. */
    public NfsCounters since(NfsCounters before) {
        return new NfsCounters(options, sends - before.sends, requests - before.requests,
                transmissions - before.transmissions, retransmits - before.retransmits,
                majorTimeouts - before.majorTimeouts);
    }
}
