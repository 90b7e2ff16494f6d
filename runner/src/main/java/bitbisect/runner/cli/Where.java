package bitbisect.runner.cli;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cell filter as typed: {@code kernel=5.1,sync=buffered}. Different keys must all match;
 * the same key given twice matches either value ({@code sync=buffered,sync=fsync}).
 */
record Where(Map<String, Set<String>> conditions) {

    static Where parse(String text, Matrix matrix) {
        Map<String, Set<String>> conditions = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return new Where(conditions);
        }
        List<String> axes = matrix.axisNames();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + part + "' is not axis=value (e.g. --where kernel=5.1,sync=buffered)");
            }
            String axis = part.substring(0, eq).trim();
            if (!axes.contains(axis)) {
                throw new IllegalArgumentException("'" + axis + "' is not an axis of this matrix (axes: "
                        + String.join(", ", axes) + ")");
            }
            String value = part.substring(eq + 1).trim();
            List<String> values = matrix.axes().stream().filter(a -> a.name().equals(axis)).findFirst().orElseThrow()
                    .values();
            if (!values.contains(value)) {
                throw new IllegalArgumentException("'" + value + "' is not a value of " + axis + " in this matrix"
                        + " (values: " + String.join(", ", values) + ")");
            }
            conditions.computeIfAbsent(axis, k -> new LinkedHashSet<>()).add(value);
        }
        return new Where(conditions);
    }

    boolean matches(Cell cell) {
        return conditions.entrySet().stream().allMatch(e -> e.getValue().contains(cell.get(e.getKey())));
    }
}
