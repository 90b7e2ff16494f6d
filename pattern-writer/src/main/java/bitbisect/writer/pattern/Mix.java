package bitbisect.writer.pattern;

/** The SplitMix64 finalizer: a fast, well-mixed 64-bit hash used to derive pattern words. */
final class Mix {

    static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private Mix() {
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
