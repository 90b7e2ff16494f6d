package bitbisect.runner.matrix;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads matrix text into its typed form ({@link MatrixFile}), strictly: unknown keys, wrong
 * types and scalars that would be coerced are errors. Jackson's errors become one problem in the
 * user's words, at the line and column of the key or value concerned.
 */
final class YamlBinding {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // YAML lets the last of two keys win silently
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private YamlBinding() {
    }

    /** The matrix as written; a file that does not bind, or is empty, throws its one problem. */
    static MatrixFile read(String file, String text, YamlLocations locations) throws MatrixError {
        if (text.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
            throw new MatrixError(List.of(new MatrixError.Problem(file, 0, 0,
                    "the file is empty; see matrix.yaml at the top of the repository for a complete example")));
        }
        MatrixError.Problem alias = anchorOrAlias(file, text);
        if (alias != null) {
            throw new MatrixError(List.of(alias));
        }
        List<MatrixError.Problem> unknown = unknownKeys(file, text, locations);
        if (!unknown.isEmpty()) {
            throw new MatrixError(unknown);
        }
        MatrixFile raw;
        try {
            raw = YAML.readValue(text, MatrixFile.class);
        } catch (JsonProcessingException e) {
            throw new MatrixError(List.of(problem(file, locations, e)));
        }
        if (raw == null) {
            throw new MatrixError(List.of(new MatrixError.Problem(file, 0, 0,
                    "the file is empty; see matrix.yaml at the top of the repository for a complete example")));
        }
        return raw;
    }

    /**
     * Every unknown key and value of the wrong shape (a list where one value goes...) in the file,
     * not only the first that binding would stop at, so one run of {@code bitbisect cells} lists
     * them all. Walks the document against the shape of
     * {@link MatrixFile} as Jackson sees it (its property names at each level); maps with keys of
     * the user's choosing (labels, storage, variants) are not checked for their keys.
     */
    private static List<MatrixError.Problem> unknownKeys(String file, String text, YamlLocations locations) {
        List<MatrixError.Problem> out = new java.util.ArrayList<>();
        try {
            com.fasterxml.jackson.databind.JsonNode root = YAML.readTree(text);
            walk(root, YAML.constructType(MatrixFile.class), "", file, locations, out);
        } catch (JsonProcessingException e) {
            return List.of(); // a syntax error: the binding reports it with its cause
        }
        return out;
    }

    private static void walk(com.fasterxml.jackson.databind.JsonNode node, com.fasterxml.jackson.databind.JavaType type,
                             String path, String file, YamlLocations locations, List<MatrixError.Problem> out) {
        if (node == null || node.isNull() || type == null) {
            return;
        }
        if (!fits(node, type)) {
            JsonLocation where = locations.find(path);
            out.add(new MatrixError.Problem(file, where == null ? 0 : where.getLineNr(),
                    where == null ? 0 : where.getColumnNr(), "wrong type" + (path.isEmpty() ? "" : " at " + path)
                    + ": expected " + shapeOf(type.getRawClass())));
            return;
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            for (int i = 0; node.isArray() && i < node.size(); i++) {
                walk(node.get(i), type.getContentType(), path + "[" + i + "]", file, locations, out);
            }
        } else if (type.isMapLikeType()) {
            node.fields().forEachRemaining(f -> walk(f.getValue(), type.getContentType(),
                    join(path, f.getKey()), file, locations, out));
        } else if (node.isObject() && type.getRawClass().isRecord()) {
            Map<String, com.fasterxml.jackson.databind.JavaType> known = new java.util.TreeMap<>();
            YAML.getDeserializationConfig().introspect(type).findProperties()
                    .forEach(d -> known.put(d.getName(), d.getPrimaryType()));
            node.fields().forEachRemaining(f -> {
                String at = join(path, f.getKey());
                if (known.containsKey(f.getKey())) {
                    walk(f.getValue(), known.get(f.getKey()), at, file, locations, out);
                } else {
                    JsonLocation where = locations.find(at);
                    out.add(new MatrixError.Problem(file, where == null ? 0 : where.getLineNr(),
                            where == null ? 0 : where.getColumnNr(), "unknown key \"" + f.getKey() + "\""
                            + (path.isEmpty() ? "" : " at " + at) + "; known keys here: "
                            + String.join(", ", known.keySet())));
                }
            });
        }
    }

    /** Whether a node has the shape binding expects: a list, a mapping, a single value, a whole number. */
    private static boolean fits(com.fasterxml.jackson.databind.JsonNode node, com.fasterxml.jackson.databind.JavaType type) {
        Class<?> raw = type.getRawClass();
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return node.isArray();
        }
        if (type.isMapLikeType()) {
            return node.isObject();
        }
        if (raw == MatrixFile.SshEntry.class) {
            return node.isObject() || node.isTextual(); // a block, or an ssh config alias
        }
        if (raw.isRecord()) {
            return node.isObject();
        }
        if (raw == String.class) {
            return node.isValueNode();
        }
        if (raw == Integer.class || raw == Long.class || raw == int.class || raw == long.class) {
            return node.isIntegralNumber();
        }
        return true;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * The first YAML anchor or alias ({@code &base}, {@code *base}, {@code <<: *base}): the binding
     * would see an alias as a bare name and report a wrong type. They are refused by name instead.
     */
    private static MatrixError.Problem anchorOrAlias(String file, String text) {
        try (com.fasterxml.jackson.dataformat.yaml.YAMLParser p = (com.fasterxml.jackson.dataformat.yaml.YAMLParser)
                YAML.getFactory().createParser(text)) {
            while (p.nextToken() != null) {
                if (p.isCurrentAlias() || p.getCurrentAnchor() != null) {
                    JsonLocation at = p.currentTokenLocation();
                    return new MatrixError.Problem(file, at.getLineNr(), at.getColumnNr(), "YAML anchors and aliases"
                            + " (&name, *name, <<: *name) are not supported: write the values out (an axis can list"
                            + " values once; labels apply per host)");
                }
            }
        } catch (java.io.IOException e) {
            return null; // a syntax error: the binding reports it with its cause
        }
        return null;
    }

    private static MatrixError.Problem problem(String file, YamlLocations locations, JsonProcessingException e) {
        if (e.getCause() instanceof JsonProcessingException syntax && !(e.getCause() instanceof JsonMappingException)) {
            e = syntax; // a YAML syntax error met while binding
        }
        String path = e instanceof JsonMappingException m ? pathOf(m) : "";
        // The parser's own location is where it stopped reading, often a line later; the
        // path's recorded start is where the offending key or value is.
        JsonLocation at = path.isEmpty() ? e.getLocation() : locations.find(path);
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown key \"" + u.getPropertyName() + "\"" + (path.isEmpty() ? "" : " at " + path)
                    + "; known keys here: " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
        } else if (e instanceof MismatchedInputException m) {
            message = "wrong type" + (path.isEmpty() ? "" : " at " + path) + ": expected " + shapeOf(m.getTargetType());
        } else if (e instanceof JsonMappingException) {
            message = "cannot read" + (path.isEmpty() ? "" : " " + path) + ": " + firstLines(e.getOriginalMessage());
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field '")) {
            String key = e.getOriginalMessage().split("'")[1];
            message = "the key \"" + key + "\" is given twice in one mapping; keep one (YAML would silently use the"
                    + " last)";
        } else {
            message = "not valid YAML: " + firstLines(e.getOriginalMessage());
        }
        return new MatrixError.Problem(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), message);
    }

    private static String shapeOf(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list, e.g. [a, b]";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of key: value lines";
        }
        if (type == String.class) {
            return "a single value";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a whole number";
        }
        return type.getSimpleName();
    }

    /**
     * The parser's message without its excerpts: for a YAML syntax error, the cause ("expected ','
     * or ']', but got ...") first, then what was being read and from where ("while parsing a flow
     * sequence from line 2, column 8").
     */
    private static String firstLines(String message) {
        if (message == null) {
            return "";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        String context = null;
        for (String line : message.lines().toList()) {
            String t = line.trim();
            java.util.regex.Matcher in = IN_READER.matcher(t);
            if (in.matches()) {
                if (parts.size() == 1 && context == null) {
                    context = parts.remove(0) + " from line " + in.group(1) + ", column " + in.group(2);
                }
                continue;
            }
            if (line.startsWith("    ") || t.isEmpty() || t.equals("^")) {
                continue; // an excerpt of the file and its caret
            }
            parts.add(t);
        }
        String cause = String.join("; ", parts);
        return context == null ? cause : cause.isEmpty() ? context : cause + " (" + context + ")";
    }

    private static final java.util.regex.Pattern IN_READER =
            java.util.regex.Pattern.compile("in '[^']*', line (\\d+), column (\\d+):?");

    private static String pathOf(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                s.append(s.length() == 0 ? "" : ".").append(r.getFieldName());
            }
        }
        return s.toString();
    }
}
