package bitbisect.runner.matrix;

import bitbisect.writer.io.SyncMode;
import bitbisect.writer.pattern.Pattern;
import bitbisect.writer.units.ByteSize;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The values of each fixed axis, checked and in canonical spelling ({@code O_DSYNC} is
 * {@code odsync}, {@code 1048576} is {@code 1MiB}), with the defaults for axes left out.
 */
final class AxisValues {

    private AxisValues() {
    }

    /** Axis name to values, in coordinate order. */
    static Map<String, List<String>> of(Problems problems, MatrixFile raw, List<Matrix.Host> hosts,
                                        Map<String, Matrix.Variant> variants) {
        MatrixFile.AxesEntry a = raw.axes() == null
                ? new MatrixFile.AxesEntry(null, null, null, null, null, null, null) : raw.axes();
        Map<String, List<String>> axisValues = new LinkedHashMap<>();
        List<String> hostNames = hosts.stream().map(Matrix.Host::name).toList();
        List<String> storages = hosts.stream().flatMap(h -> h.storage().keySet().stream()).distinct().toList();
        String firstVariant = variants.keySet().iterator().next();
        put(axisValues, FixedAxis.HOST, values(problems, "axes.host", a.host(), hostNames, v -> hostName(v, hosts)));
        put(axisValues, FixedAxis.STORAGE, values(problems, "axes.storage", a.storage(), storages,
                AxisValues::storageName));
        put(axisValues, FixedAxis.SYNC, values(problems, "axes.sync", a.sync(), List.of("buffered"),
                v -> SyncMode.parse(v).label()));
        put(axisValues, FixedAxis.SIZE, values(problems, "axes.size", a.size(), List.of("64MiB"), AxisValues::size));
        put(axisValues, FixedAxis.READBACK, values(problems, "axes.readback", a.readback(), List.of("cached"),
                v -> readback(v, hosts)));
        put(axisValues, FixedAxis.VARIANT, values(problems, "axes.variant", a.variant(), List.of(firstVariant),
                v -> variantName(v, variants)));
        put(axisValues, FixedAxis.PATTERN, values(problems, "axes.pattern", a.pattern(), List.of("alternating"),
                v -> Pattern.parse(v).spec()));
        return axisValues;
    }

    private static void put(Map<String, List<String>> axisValues, FixedAxis axis, List<String> values) {
        axisValues.put(axis.key(), values);
    }

    /** Checks each given value (or takes the defaults) and returns them in canonical spelling. */
    private static List<String> values(Problems problems, String path, List<String> given, List<String> defaults,
                                       Function<String, String> canonical) {
        if (given == null) {
            return defaults;
        }
        if (given.isEmpty()) {
            problems.add(path, "an axis needs at least one value (leave it out to take its default)");
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String at = path + "[" + i + "]";
            String value = problems.check(at, given.get(i), canonical);
            if (value != null && !out.add(value)) {
                problems.add(at, "\"" + given.get(i) + "\" is listed twice on this axis");
            }
        }
        return List.copyOf(out);
    }

    /** A size in canonical spelling ({@code 1048576} is {@code 1MiB}); a positive multiple of 8 bytes. */
    static String size(String value) {
        ByteSize size = ByteSize.parse(value);
        if (size.bytes() <= 0 || size.bytes() % 8 != 0) {
            throw new IllegalArgumentException("size " + value + " must be a positive multiple of 8 bytes");
        }
        return size.toString();
    }

    /** cached, cold, direct, remote (the next host reads back), or remote:HOST of a host under hosts. */
    static String readback(String value, List<Matrix.Host> hosts) {
        CellReadback readback = CellReadback.parse(value);
        if (readback instanceof CellReadback.Remote r && r.host() != null && !hosts.isEmpty()
                && hosts.stream().noneMatch(h -> h.name().equals(r.host()))) {
            throw new IllegalArgumentException("no host named \"" + r.host() + "\" to read back from");
        }
        return readback.label();
    }

    private static String hostName(String value, List<Matrix.Host> hosts) {
        if (hosts.stream().noneMatch(h -> h.name().equals(value))) {
            throw new IllegalArgumentException("no host named \"" + value + "\" under hosts");
        }
        return value;
    }

    private static String storageName(String value) {
        String problem = Names.problem("storage name", value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    private static String variantName(String value, Map<String, Matrix.Variant> variants) {
        if (!variants.containsKey(value)) {
            throw new IllegalArgumentException("no variant named \"" + value + "\" under variants (defined: "
                    + String.join(", ", variants.keySet()) + ")");
        }
        return value;
    }
}
