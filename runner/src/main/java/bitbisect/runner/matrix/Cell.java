package bitbisect.runner.matrix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One combination of axis values. Its id is built from the values of host, storage, sync, size,
 * readback, variant and pattern (labels follow from the host), each reduced to letters, digits,
 * {@code _} and {@code -}, joined by dots:
 * {@code r630-a.nfs.buffered.64MiB.cached.default.alternating}. It is the same on every machine
 * and every run of the same matrix, names the cell's directory in the results, and is what
 * {@code rerun} takes.
 *
 * @param coordinates every axis value, in axis order (host, labels, storage, sync, ...)
 */
public record Cell(String id, Map<String, String> coordinates) {

    public Cell {
        coordinates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(coordinates));
    }

    static Cell of(Map<String, String> coordinates) {
        // plain loops: a matrix expands to tens of thousands of ids, each built once per load
        StringBuilder id = new StringBuilder(64);
        for (FixedAxis axis : FixedAxis.values()) {
            if (id.length() > 0) {
                id.append('.');
            }
            id.append(sanitize(coordinates.get(axis.key())));
        }
        return new Cell(id.toString(), coordinates);
    }

    /** Each character that is not an ASCII letter or digit, {@code _} or {@code -} becomes {@code -}. */
    static String sanitize(String value) {
        // nearly all values are plain: look before building
        int i = 0;
        while (i < value.length() && kept(value.charAt(i))) {
            i++;
        }
        if (i == value.length()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> out.append(kept(c) ? (char) c : '-'));
        return out.toString();
    }

    private static boolean kept(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    public String get(String axis) {
        return coordinates.get(axis);
    }

    public String get(FixedAxis axis) {
        return coordinates.get(axis.key());
    }

    public String host() {
        return get(FixedAxis.HOST);
    }

    public String storage() {
        return get(FixedAxis.STORAGE);
    }

    public String sync() {
        return get(FixedAxis.SYNC);
    }

    public String size() {
        return get(FixedAxis.SIZE);
    }

    public String readback() {
        return get(FixedAxis.READBACK);
    }

    /** The readback value read: local (cached, cold, direct) or remote. */
    public CellReadback readbackChoice() {
        return CellReadback.parse(readback());
    }

    public String variant() {
        return get(FixedAxis.VARIANT);
    }

    public String pattern() {
        return get(FixedAxis.PATTERN);
    }
}
