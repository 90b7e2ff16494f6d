package bitbisect.runner.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged runner, started as a user starts it, in a working directory of the test's. */
final class RunnerJar {

    private static final String JAR = System.getProperty("bitbisect.jar");

    record Result(int exit, String stdout, String stderr) {
    }

    private final Path workDir;

    RunnerJar(Path workDir) {
        this.workDir = workDir;
    }

    ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().put("XDG_CACHE_HOME", workDir.resolve("cache").toString());
        return pb;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(java.util.Map.of(), args);
    }

    /** Runs with extra environment variables. */
    Result run(java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder pb = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bitbisect " + String.join(" ", args) + " finished");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
