package bitbisect.runner.matrix;

import bitbisect.writer.io.ReadbackMode;

/**
 * A value of the readback axis, the one reading of its grammar: {@code cached}, {@code cold} or {@code direct}
 * (the writing host reads its own file back, {@link Local}), {@code remote} (the next host with
 * the storage reads it back) or {@code remote:HOST} (that host does), both {@link Remote}.
 */
public sealed interface CellReadback {

    String REMOTE = "remote";
    String REMOTE_PREFIX = REMOTE + ":";

    /** The writer's own read-back on the host that wrote. */
    record Local(ReadbackMode mode) implements CellReadback {
        @Override
        public String label() {
            return mode.label();
        }

        @Override
        public boolean direct() {
            return mode.needsAlignment();
        }
    }

    /** Another host reads the file back from its own mount of shared storage; {@code host} null: the next one. */
    record Remote(String host) implements CellReadback {
        @Override
        public String label() {
            return host == null ? REMOTE : REMOTE_PREFIX + host;
        }

        @Override
        public boolean direct() {
            return false;
        }
    }

    /** The value as a cell holds it (canonical spelling); throws IllegalArgumentException naming the choices. */
    static CellReadback parse(String value) {
        String v = value.trim();
        if (v.equals(REMOTE)) {
            return new Remote(null);
        }
        if (v.startsWith(REMOTE_PREFIX)) {
            return new Remote(v.substring(REMOTE_PREFIX.length()));
        }
        try {
            return new Local(ReadbackMode.parse(v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(")", ", " + REMOTE + " or " + REMOTE_PREFIX + "HOST)"));
        }
    }

    /** The canonical spelling. */
    String label();

    /** Whether the read bypasses the page cache with O_DIRECT, which needs aligned sizes. */
    boolean direct();
}
