package bitbisect.runner.store;

import bitbisect.writer.facts.Facts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A host's facts as stored in {@code hosts/HOST.json}: typed for reading, and the file's text
 * for the cube, which keeps it verbatim.
 */
public record HostFacts(String host, Facts facts, String json) {

    /** The facts in {@code hosts} (a sweep's hosts/), in host order; a file that does not read is added to {@code damage}. */
    static List<HostFacts> readAll(Path hosts, List<Damage> damage) throws IOException {
        if (!Files.isDirectory(hosts)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(hosts)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".json")
                    && !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
        List<HostFacts> out = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String json = Files.readString(f, StandardCharsets.UTF_8);
            try {
                out.add(new HostFacts(name.substring(0, name.length() - ".json".length()),
                        ResultsStore.JSON.readValue(json, Facts.class), json));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                damage.add(new Damage(f, "is damaged: " + e.getOriginalMessage(), "the next run on that host writes"
                        + " it again"));
            }
        }
        return out;
    }
}
