package bitbisect.runner.console;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Whether stderr, where progress goes, is a terminal that can take a redrawn view, and how wide
 * it is. {@code System.console()} asks about stdin and stdout, so {@code 2>log} would fill the log
 * with cursor codes; this asks about stderr itself (Linux: what /proc/self/fd/2 points to).
 *
 * @param live    stderr is a terminal, and TERM is not "dumb"
 * @param columns its width (COLUMNS, else stty on the controlling terminal, else 80)
 */
public record Terminal(boolean live, int columns) {

    private static final int DEFAULT_COLUMNS = 80;

    public static Terminal stderr() {
        boolean tty;
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            tty = target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            tty = false;
        }
        tty &= !"dumb".equals(System.getenv("TERM"));
        return new Terminal(tty, tty ? measureColumns() : DEFAULT_COLUMNS);
    }

    private static int measureColumns() {
        String env = System.getenv("COLUMNS");
        if (env != null && env.matches("\\d+") && Integer.parseInt(env) > 0) {
            return Integer.parseInt(env);
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String[] rowsCols = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()
                        .split("\\s+");
                if (rowsCols.length == 2 && rowsCols[1].matches("\\d+") && Integer.parseInt(rowsCols[1]) > 0) {
                    return Integer.parseInt(rowsCols[1]);
                }
            }
            p.destroyForcibly();
        } catch (IOException e) {
            // no stty, or no controlling terminal: the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_COLUMNS;
    }

    /** {@code line} cut to fit on one line of this terminal, so a redraw never leaves a wrapped half behind. */
    public String fit(String line) {
        return line.length() < columns ? line : line.substring(0, Math.max(1, columns - 2)) + "…";
    }
}
