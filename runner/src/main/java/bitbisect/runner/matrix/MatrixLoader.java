package bitbisect.runner.matrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads matrix.yaml, checks it, and expands it into cells. Every problem found is reported at
 * once, each with file, line and column and what to do about it; nothing runs until the file
 * is clean. The steps, each in its own class: {@link YamlBinding} (text to typed entries),
 * {@link HostChecks} (hosts and SSH), {@link SettingChecks} (variants, work, run),
 * {@link AxisValues} (each axis's values), {@link Expansion} (cells), {@link CellChecks}.
 */
public final class MatrixLoader {

    private MatrixLoader() {
    }

    public static Matrix load(Path path) throws MatrixError, IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MatrixError(List.of(new MatrixError.Problem(path.toString(), 0, 0,
                    "not a text file (a matrix is YAML in UTF-8); is this the file you meant?")));
        }
        String name = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(path.toString(), name, text);
    }

    /** Parses matrix text; {@code file} names it in messages, {@code defaultName} is used when it has no name. */
    public static Matrix parse(String file, String defaultName, String text) throws MatrixError {
        YamlLocations locations = YamlLocations.of(text);
        MatrixFile raw = YamlBinding.read(file, text, locations);
        Problems problems = new Problems(file, locations);
        Matrix matrix = check(problems, raw, defaultName);
        if (!problems.isEmpty()) {
            throw new MatrixError(problems.list());
        }
        return matrix;
    }

    private static Matrix check(Problems problems, MatrixFile raw, String defaultName) {
        String name = raw.name() == null ? defaultName : raw.name();
        String nameProblem = Names.problem("name", name);
        if (nameProblem != null) {
            problems.add("name", nameProblem);
        }
        List<Matrix.Host> hosts = new HostChecks(problems).check(raw.hosts(), raw.sshConfig());
        SettingChecks settings = new SettingChecks(problems);
        Map<String, Matrix.Variant> variants = settings.variants(raw.variants());
        Matrix.Work work = settings.work(raw.work());
        Matrix.RunPolicy run = settings.run(raw.run());
        List<String> labelNames = hosts.isEmpty() ? List.of() : List.copyOf(hosts.get(0).labels().keySet());
        Map<String, List<String>> axisValues = AxisValues.of(problems, raw, hosts, variants);
        List<String> shared = raw.sharedStorage() == null ? List.of() : List.copyOf(raw.sharedStorage());
        List<Cell> cells = new Expansion(problems, variants.keySet()).expand(raw, hosts, labelNames, axisValues);
        CellChecks cellChecks = new CellChecks(problems);
        cellChecks.check(cells, hosts, work, raw);
        cellChecks.remoteReadback(cells, hosts, shared);
        return new Matrix(name, hosts, shared, Expansion.axesOf(cells, labelNames), variants, work, run, cells);
    }
}
