package bitbisect.runner.matrix;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The axes with a fixed meaning, in cell-id order. Host labels (model, kernel, ...) are axes too,
 * named by the matrix; they sit between {@code host} and {@code storage} in a cell's coordinates.
 */
public enum FixedAxis {
    HOST, STORAGE, SYNC, SIZE, READBACK, VARIANT, PATTERN;

    private final String key = name().toLowerCase(Locale.ROOT);

    /** The axis's name in matrix.yaml, cell coordinates, the cube and the report. */
    public String key() {
        return key;
    }

    /** The fixed axis of that name; empty for a host label. */
    public static Optional<FixedAxis> of(String name) {
        return Arrays.stream(values()).filter(a -> a.key().equals(name)).findFirst();
    }

    /** Whether {@code name} is a host label rather than a fixed axis. */
    public static boolean isLabel(String name) {
        return of(name).isEmpty();
    }
}
