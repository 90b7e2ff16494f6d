package bitbisect.runner.matrix;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything wrong with a matrix file, each problem as {@code file:line:column: message}, so an
 * editor can jump to it. Thrown before anything runs.
 */
public final class MatrixError extends Exception {

    private static final long serialVersionUID = 1L;

    /** One problem at one place; line and column are 1-based, 0 when unknown. */
    public record Problem(String file, int line, int column, String message) {
        @Override
        public String toString() {
            return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public MatrixError(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
