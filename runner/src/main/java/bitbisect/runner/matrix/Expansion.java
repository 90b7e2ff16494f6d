package bitbisect.runner.matrix;

import bitbisect.writer.io.SyncMode;
import bitbisect.writer.pattern.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands a matrix into cells: every combination of the axis values, plus for each
 * {@code include} entry every combination of its given values with all values of the axes it
 * does not name (so {@code {storage: nfs, size: 1GiB}} adds a 1GiB size for NFS only), minus
 * every cell matching all keys of some {@code exclude} entry. Host labels can be keys in both:
 * {@code {kernel: "3.10", sync: direct}}.
 */
final class Expansion {

    private final Problems problems;
    /** The variants defined under {@code variants}: an include may name any of them. */
    private final Set<String> variantNames;

    Expansion(Problems problems, Set<String> variantNames) {
        this.problems = problems;
        this.variantNames = variantNames;
    }

    List<Cell> expand(MatrixFile raw, List<Matrix.Host> hosts, List<String> labelNames,
                      Map<String, List<String>> axisValues) {
        Set<String> keys = new LinkedHashSet<>(axisValues.keySet());
        keys.addAll(labelNames);
        // cells in the order first made; an include adding a cell already there adds nothing
        Set<Map<String, String>> expanded = new LinkedHashSet<>();
        addProduct(expanded, hosts, labelNames, axisValues, Map.of());
        List<Map<String, String>> include = raw.include() == null ? List.of() : raw.include();
        for (int i = 0; i < include.size(); i++) {
            Map<String, String> entry = checkEntry("include[" + i + "]", include.get(i), keys, axisValues, true);
            if (entry != null) {
                addProduct(expanded, hosts, labelNames, axisValues, entry);
            }
        }
        List<Map<String, String>> exclude = raw.exclude() == null ? List.of() : raw.exclude();
        for (int i = 0; i < exclude.size(); i++) {
            Map<String, String> entry = checkEntry("exclude[" + i + "]", exclude.get(i), keys, axisValues, false);
            if (entry != null) {
                expanded.removeIf(cell -> entry.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(cell.get(e.getKey()))));
            }
        }
        return expanded.stream().map(Cell::of).toList();
    }

    /** Checks an include/exclude entry: known keys, and (for include) values valid for their axis. */
    private Map<String, String> checkEntry(String at, Map<String, String> entry, Set<String> keys,
                                           Map<String, List<String>> axisValues, boolean include) {
        if (entry == null || entry.isEmpty()) {
            problems.add(at, "an empty entry matches everything; give axis: value pairs");
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, String> e : entry.entrySet()) {
            String key = e.getKey();
            String path = at + "." + key;
            if (!keys.contains(key)) {
                problems.add(path, "\"" + key + "\" is not an axis (axes: " + String.join(", ", keys) + ")");
                ok = false;
                continue;
            }
            String value = e.getValue();
            String canonical = switch (key) {
                case "size" -> problems.check(path, value, AxisValues::size);
                case "sync" -> problems.check(path, value, v -> SyncMode.parse(v).label());
                case "readback" -> problems.check(path, value, v -> AxisValues.readback(v, List.of()));
                case "pattern" -> problems.check(path, value, v -> Pattern.parse(v).spec());
                default -> value;
            };
            if (canonical == null) {
                ok = false;
            } else if (include && (key.equals("host") || key.equals("variant"))
                    && !axisValuesOrDefined(key, canonical, axisValues)) {
                problems.add(path, "no " + key + " named \"" + value + "\" is defined");
                ok = false;
            }
            out.put(key, canonical);
        }
        return ok ? out : null;
    }

    private boolean axisValuesOrDefined(String key, String value, Map<String, List<String>> axisValues) {
        return axisValues.get(key).contains(value) || key.equals("variant") && variantNames.contains(value);
    }

    private static void addProduct(Set<Map<String, String>> expanded, List<Matrix.Host> hosts,
                                   List<String> labelNames, Map<String, List<String>> axisValues,
                                   Map<String, String> fixed) {
        List<Map<String, String>> partial = new ArrayList<>();
        for (String hostName : fixed.containsKey("host") ? List.of(fixed.get("host")) : axisValues.get("host")) {
            Matrix.Host host = hosts.stream().filter(h -> h.name().equals(hostName)).findFirst().orElse(null);
            if (host == null) {
                continue;
            }
            boolean labelsMatch = labelNames.stream()
                    .allMatch(l -> !fixed.containsKey(l) || fixed.get(l).equals(host.labels().get(l)));
            if (labelsMatch) {
                Map<String, String> c = new LinkedHashMap<>();
                c.put("host", hostName);
                labelNames.forEach(l -> c.put(l, host.labels().get(l)));
                partial.add(c);
            }
        }
        for (String axis : Matrix.FIXED_AXES) {
            List<String> values = fixed.containsKey(axis) ? List.of(fixed.get(axis)) : axisValues.get(axis);
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : partial) {
                for (String v : values) {
                    Map<String, String> c = new LinkedHashMap<>(p);
                    c.put(axis, v);
                    next.add(c);
                }
            }
            partial = next;
        }
        expanded.addAll(partial);
    }

    /** The axes of the expanded cells: host, its labels, then the fixed axes, each with the values cells have. */
    static List<Matrix.Axis> axesOf(List<Cell> cells, List<String> labelNames) {
        List<String> names = new ArrayList<>();
        names.add(FixedAxis.HOST.key());
        names.addAll(labelNames);
        names.addAll(Matrix.FIXED_AXES);
        List<Matrix.Axis> axes = new ArrayList<>();
        for (String name : names) {
            axes.add(new Matrix.Axis(name, cells.stream().map(c -> c.get(name)).distinct().toList()));
        }
        return axes;
    }
}
