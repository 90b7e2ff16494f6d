package bitbisect.runner.execute;

import bitbisect.runner.probe.ShellQuote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writers whose SSH connection was lost while they ran, by host. The host may well be alive (a
 * cut link, a flapping switch): its writer goes on, and a retry started beside it would share the
 * disk with it and measure both. So before that host runs anything again, each one is ended: TERM
 * to its process group, KILL three seconds later, and the group is watched until it is gone. A
 * group is ended only while one of its processes still names the lost attempt's own file (its
 * {@code --path}), so a process id the host has given to something else meanwhile is left alone.
 */
final class Leftovers {

    /** A lost attempt's process group (the wrapper's pid) and the file it writes, which only it names. */
    record Lost(long group, String file) {
    }

    /** Runs a short command on the host and gives its standard output. */
    @FunctionalInterface
    interface Shell {
        String stdout(String command) throws IOException;
    }

    private final Map<String, Set<Lost>> byHost = new ConcurrentHashMap<>();

    /** Remembers a writer left running on {@code host} by a lost connection; a command without a file is not one. */
    void lost(String host, long group, List<String> argv) {
        int path = argv.indexOf("--path");
        if (group > 0 && path >= 0 && path + 1 < argv.size()) {
            String file = argv.get(path + 1);
            byHost.computeIfAbsent(host, h -> ConcurrentHashMap.newKeySet())
                    .add(new Lost(group, file.substring(file.lastIndexOf('/') + 1)));
        }
    }

    /**
     * A shell command sending {@code signal} to process group {@code group}, quiet when it is
     * gone. Without {@code --}: dash, Debian's sh, takes none ("Illegal number: -").
     */
    static String killGroup(String signal, String group) {
        return "kill -" + signal + " -" + group + " 2>/dev/null";
    }

    /** Whether lost connections left anything on {@code host} that is not yet ended. */
    boolean any(String host) {
        Set<Lost> left = byHost.get(host);
        return left != null && !left.isEmpty();
    }

    /**
     * Ends what lost connections left on {@code host}, with {@code shell} there: one sentence per writer
     * (ended, already gone, or still there after KILL and why), empty when none was left. A host
     * that does not answer throws, and its leftovers are kept for the next try.
     */
    List<String> end(String host, Shell shell) throws IOException {
        Set<Lost> left = byHost.get(host);
        List<String> said = new ArrayList<>();
        if (left == null) {
            return said;
        }
        for (Lost l : List.copyOf(left)) {
            String answer = shell.stdout(script(l)).strip();
            said.add(switch (answer.isEmpty() ? "" : answer.lines().findFirst().orElseThrow()) {
                case "gone" -> "the writer of " + l.file() + " whose connection was lost had already ended";
                case "ended" -> "ended the writer of " + l.file() + " (process group " + l.group()
                        + ") left running by the lost connection";
                default -> "the writer of " + l.file() + " left by the lost connection: " + Outcome.TimedOut.outlivedKill(
                        String.join(", ", answer.lines().map(s -> s.replaceFirst("^left ", "process ")).toList()));
            });
            left.remove(l);
        }
        return said;
    }

    /**
     * Prints "gone" when no process of the group names the file, "ended" once TERM (then KILL)
     * emptied the group, or a "left PID STATE COMMAND" line per process still there. Zombies are
     * gone: only their parent's wait is left.
     */
    static String script(Lost l) {
        return "export BB_FILE=" + ShellQuote.quote(l.file()) + "; g=" + l.group() + ";"
                + " ours() { ps -eo pgid=,args= | awk -v g=\"$g\" '$1==g && index($0, ENVIRON[\"BB_FILE\"]) {f=1} END {exit !f}'; };"
                + " left() { ps -eo pgid=,stat= | awk -v g=\"$g\" '$1==g && $2 !~ /^Z/ {f=1} END {exit !f}'; };"
                + " ours || { echo gone; exit 0; };"
                + " " + killGroup("TERM", "$g") + "; i=0; while left && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done;"
                + " left && " + killGroup("KILL", "$g") + "; i=0; while left && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done;"
                + " if left; then ps -eo pgid=,pid=,stat=,wchan:32=,comm= | awk -v g=\"$g\" '$1==g && $3 !~ /^Z/"
                + " {print \"left \" $2 \" (\" $5 \", state \" $3 \" in \" $4 \")\"}'; else echo ended; fi";
    }
}
