package bitbisect.runner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The writer JVMs running on this machine: the lab's hosts and Slurm's fake nodes share its
 * kernel, so its process table shows every host's writers.
 */
final class WriterProcesses {

    private WriterProcesses() {
    }

    /** The command lines of writer JVMs (not their timeout(1) or shell) whose arguments contain {@code dir}. */
    static List<String> under(String dir) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> {
                try {
                    String[] argv = new String(Files.readAllBytes(p.resolve("cmdline"))).split("\0");
                    return argv[0].equals("java") || argv[0].endsWith("/java") ? String.join(" ", argv) : "";
                } catch (IOException gone) {
                    return "";
                }
            }).filter(a -> a.contains(dir)).toList();
        }
    }
}
