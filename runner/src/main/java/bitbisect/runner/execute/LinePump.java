package bitbisect.runner.execute;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Hands every line of a stream to a consumer as it arrives, on a thread of its own. stdout and
 * stderr each get one, so neither can fill its pipe and block the other.
 */
final class LinePump {

    private LinePump() {
    }

    static Thread start(InputStream stream, Consumer<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // The process or channel is gone; what arrived before has been handed on.
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
