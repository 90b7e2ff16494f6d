package bitbisect.runner.matrix;

import bitbisect.writer.io.SyncMode;
import bitbisect.writer.units.ByteSize;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks on the expanded cells: each host has a directory for its cells' storage, O_DIRECT
 * cells are aligned, no two cells share an id, and remote read-back has a shared storage and a
 * second host.
 */
final class CellChecks {

    private static final int DIRECT_ALIGNMENT = 4096;

    private final Problems problems;

    CellChecks(Problems problems) {
        this.problems = problems;
    }

    void check(List<Cell> cells, List<Matrix.Host> hosts, Matrix.Work work, MatrixFile raw) {
        if (cells.isEmpty() && !hosts.isEmpty() && problems.isEmpty()) {
            problems.add(raw.exclude() != null && !raw.exclude().isEmpty() ? "exclude" : "axes",
                    "the matrix has no cells left" + (raw.exclude() != null ? " after exclude" : "")
                            + "; remove an exclude entry or add axis values");
            return;
        }
        Set<String> reported = new LinkedHashSet<>();
        Map<String, Cell> ids = new LinkedHashMap<>();
        // looked up once per host, size, sync and readback value, not once per cell: a matrix can
        // expand to tens of thousands
        Map<String, Matrix.Host> hostsByName = new HashMap<>();
        hosts.forEach(h -> hostsByName.putIfAbsent(h.name(), h));
        Map<String, Long> bytes = new HashMap<>();
        Map<String, Boolean> directSync = new HashMap<>();
        Map<String, Boolean> directReadback = new HashMap<>();
        for (Cell cell : cells) {
            Matrix.Host host = hostsByName.get(cell.host());
            if (!host.storage().containsKey(cell.storage()) && reported.add(cell.host() + "/" + cell.storage())) {
                problems.add(pathOfValue(raw, "storage", cell.storage()), "host " + cell.host() + " has no directory for"
                        + " storage \"" + cell.storage() + "\": add it under hosts[" + hosts.indexOf(host)
                        + "].storage, or exclude {host: " + cell.host() + ", storage: " + cell.storage() + "}");
            }
            boolean direct = directSync.computeIfAbsent(cell.sync(), v -> SyncMode.parse(v).needsAlignment())
                    || directReadback.computeIfAbsent(cell.readback(), v -> CellReadback.parse(v).direct());
            long size = bytes.computeIfAbsent(cell.size(), v -> ByteSize.parse(v).bytes());
            if (direct && (size % DIRECT_ALIGNMENT != 0 || work.block() % DIRECT_ALIGNMENT != 0)
                    && reported.add("direct/" + cell.size())) {
                problems.add(pathOfValue(raw, "size", cell.size()), "O_DIRECT needs sizes and work.block that are"
                        + " multiples of 4096 bytes; size " + cell.size() + " with block " + ByteSize.of(work.block())
                        + " is not (change it, or exclude {size: " + cell.size() + ", sync: direct})");
            }
            Cell other = ids.putIfAbsent(cell.id(), cell);
            if (other != null && reported.add("id/" + cell.id())) {
                problems.add("hosts", "two cells get the same id " + cell.id() + " (" + other.coordinates() + " and "
                        + cell.coordinates() + "): names that differ only in punctuation; rename one");
            }
        }
    }

    /** The path of an axis value as written, for pointing at it; the axis itself when not found. */
    private static String pathOfValue(MatrixFile raw, String axis, String canonical) {
        List<String> given = raw.axes() == null ? null : switch (axis) {
            case "storage" -> raw.axes().storage();
            case "size" -> raw.axes().size();
            default -> null;
        };
        if (given != null) {
            for (int i = 0; i < given.size(); i++) {
                String g = given.get(i);
                String c = axis.equals("size") ? safeSize(g) : g;
                if (Objects.equals(c, canonical)) {
                    return "axes." + axis + "[" + i + "]";
                }
            }
        }
        return "axes." + axis;
    }

    private static String safeSize(String text) {
        try {
            return ByteSize.parse(text).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A remote read-back needs a storage declared shared and another host that has it. */
    void remoteReadback(List<Cell> cells, List<Matrix.Host> hosts, List<String> shared) {
        Set<String> reported = new LinkedHashSet<>();
        for (Cell cell : cells) {
            if (!(cell.readbackChoice() instanceof CellReadback.Remote remote)) {
                continue;
            }
            String where = "axes.readback";
            if (!shared.contains(cell.storage()) && reported.add("shared/" + cell.storage())) {
                problems.add(where, "readback " + cell.readback() + " needs storage \"" + cell.storage() + "\" to be the"
                        + " same export on every host: list it under shared_storage (or exclude {storage: "
                        + cell.storage() + ", readback: " + cell.readback() + "})");
            }
            long others = hosts.stream().filter(h -> !h.name().equals(cell.host())
                    && h.storage().containsKey(cell.storage())).count();
            if (others == 0 && reported.add("others/" + cell.storage())) {
                problems.add(where, "readback remote needs a second host with storage \"" + cell.storage() + "\"");
            }
            if (remote.host() != null) {
                String verifier = remote.host();
                boolean hasIt = hosts.stream().anyMatch(h -> h.name().equals(verifier) && h.storage().containsKey(cell.storage()));
                if (!hasIt && reported.add("verifier/" + verifier + "/" + cell.storage())) {
                    problems.add(where, "host " + verifier + " has no directory for storage \"" + cell.storage()
                            + "\" to read back from");
                }
            }
        }
    }
}
