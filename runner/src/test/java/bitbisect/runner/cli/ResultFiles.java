package bitbisect.runner.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files of a results directory that a running sweep is writing, for tests that watch it. */
final class ResultFiles {

    private ResultFiles() {
    }

    /**
     * The files under {@code results} whose name matches {@code regex}, sorted; none while the
     * directory does not exist. The sweep renames temporary files into place while the tree is
     * walked: a walk that meets one vanishing is walked again.
     */
    static List<Path> named(Path results, String regex) throws java.io.IOException {
        for (int attempt = 1; ; attempt++) {
            if (!Files.isDirectory(results)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(results)) {
                return files.filter(f -> f.getFileName().toString().matches(regex)).sorted().toList();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
