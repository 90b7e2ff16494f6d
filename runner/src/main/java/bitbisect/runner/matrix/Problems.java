package bitbisect.runner.matrix;

import bitbisect.writer.units.DurationText;
import com.fasterxml.jackson.core.JsonLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The problems found in one matrix file, each placed at the line and column of the YAML path it
 * concerns ({@code hosts[1].storage.nfs}), so that every mistake is reported at once. The
 * checkers share one instance.
 */
final class Problems {

    private final String file;
    private final YamlLocations locations;
    private final List<MatrixError.Problem> list = new ArrayList<>();

    Problems(String file, YamlLocations locations) {
        this.file = file;
        this.locations = locations;
    }

    void add(String path, String message) {
        JsonLocation at = locations.find(path);
        MatrixError.Problem problem = new MatrixError.Problem(file, at == null ? 0 : at.getLineNr(),
                at == null ? 0 : at.getColumnNr(), message);
        // A fleet entry stands for many hosts: its one mistake is said once.
        if (!list.contains(problem)) {
            list.add(problem);
        }
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<MatrixError.Problem> list() {
        return List.copyOf(list);
    }

    /**
     * {@code value} passed through {@code check} (which canonicalises it or throws
     * IllegalArgumentException with the reason); null, with the reason recorded at {@code at},
     * when it fails.
     */
    String check(String at, String value, Function<String, String> check) {
        if (value == null) {
            add(at, "empty value");
            return null;
        }
        try {
            return check.apply(value);
        } catch (IllegalArgumentException e) {
            add(at, e.getMessage());
            return null;
        }
    }

    /** {@code value}, or {@code fallback} when absent; a problem when below {@code min}. */
    int atLeast(String path, Integer value, int fallback, int min) {
        int v = value == null ? fallback : value;
        if (v < min) {
            String key = path.substring(path.indexOf('.') + 1);
            add(path, key + (min == 0 ? " must be 0 or more" : " must be at least " + min));
        }
        return v;
    }

    Duration duration(String path, String text, Duration fallback) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException ex) {
            add(path, ex.getMessage());
            return fallback;
        }
    }
}
