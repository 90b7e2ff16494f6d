package bitbisect.runner.cube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bitbisect.writer.event.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a Python script with Debian's python3-h5py (installed by .ci/run) and parses the JSON it prints. */
public final class H5py {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private H5py() {
    }

    public static JsonNode run(String script, String... args) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && new ProcessBuilder(PYTHON.toString(), "-c", "import h5py")
                .start().waitFor() == 0, "needs Debian's python3-h5py (.ci/run installs it)");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        return EventCodec.mapper().readTree(output);
    }
}
