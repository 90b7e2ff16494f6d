package bitbisect.runner.matrix;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a YAML document starts, by path: {@code hosts[0].storage.nfs},
 * {@code axes.size[1]}. Lets checks made after binding still name the line and column.
 */
final class YamlLocations {

    private final Map<String, JsonLocation> byPath = new HashMap<>();

    private YamlLocations() {
    }

    static YamlLocations of(String yaml) {
        YamlLocations locations = new YamlLocations();
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            locations.walk(p);
        } catch (IOException e) {
            // Syntax errors are reported by the binding pass; locations then stay partial.
        }
        return locations;
    }

    private void walk(JsonParser p) throws IOException {
        Deque<Object> path = new ArrayDeque<>(); // field names (String) and array indexes (int[])
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            switch (t) {
                case FIELD_NAME -> {
                    path.push(p.currentName());
                    byPath.put(render(path), p.currentTokenLocation());
                    path.pop();
                    path.push(p.currentName());
                    continue; // the value follows
                }
                case START_ARRAY -> {
                    record(path, p);
                    path.push(new int[] {-1});
                    continue;
                }
                case END_ARRAY -> path.pop();
                case START_OBJECT -> {
                    record(path, p);
                    path.push(Boolean.TRUE); // marks an object level
                    continue;
                }
                case END_OBJECT -> path.pop();
                default -> record(path, p);
            }
            // A value (scalar or a closed container) ended: leave its field name.
            if (!path.isEmpty() && path.peek() instanceof String) {
                path.pop();
            }
        }
    }

    private void record(Deque<Object> path, JsonParser p) {
        if (!path.isEmpty() && path.peek() instanceof int[] index) {
            index[0]++;
        }
        byPath.putIfAbsent(render(path), p.currentTokenLocation());
    }

    private static String render(Deque<Object> path) {
        StringBuilder s = new StringBuilder();
        var it = path.descendingIterator();
        while (it.hasNext()) {
            Object part = it.next();
            if (part instanceof String name) {
                if (s.length() > 0) {
                    s.append('.');
                }
                s.append(name);
            } else if (part instanceof int[] index && index[0] >= 0) {
                s.append('[').append(index[0]).append(']');
            }
        }
        return s.toString();
    }

    /** The location of {@code path}, or of its nearest enclosing path that has one. */
    JsonLocation find(String path) {
        String p = path;
        while (true) {
            JsonLocation l = byPath.get(p);
            if (l != null || p.isEmpty()) {
                return l;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }
}
