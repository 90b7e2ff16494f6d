package bitbisect.runner.probe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One invocation of the writer on a host: which java, which JVM flags (the cell's variant),
 * and the writer's own arguments ({@code run --path ... --size ...}). Each executor adds where
 * the jar lives on its host.
 *
 * <p>Every call names a class-data archive beside the jar, one per java command
 * ({@link #archive}): the preflight makes it on each host ({@link #archiveScript}), and a JVM
 * started with it loads the writer's classes already parsed and verified, which takes about a
 * third off a short run's time. Where there is none yet, or it belongs to another JVM build,
 * the JVM says nothing (its CDS logging is off) and starts as usual.
 */
public record WriterCall(String java, List<String> jvmFlags, List<String> writerArgs) {

    /** The JVM options that use the archive, silent when it is missing or does not fit this JVM. */
    static List<String> useArchive(String archive) {
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** The full command line, given where the jar is. */
    public List<String> command(String jarPath) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(useArchive(archive(jarPath, java)));
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jarPath);
        command.addAll(writerArgs);
        return command;
    }

    /** The archive of {@code jarPath} for {@code java}: beside the jar, named after both. */
    public static String archive(String jarPath, String java) {
        String base = jarPath.endsWith(".jar") ? jarPath.substring(0, jarPath.length() - 4) : jarPath;
        return base + "-" + WriterJar.sha256(java.getBytes(StandardCharsets.UTF_8)).substring(0, 8) + ".jsa";
    }

    /**
     * A shell command that makes the archive of {@code jarPath} for {@code java} unless it is
     * there: one short run of the writer on a file beside the jar (never on the storage under
     * test, whose faults it must not meet), its loaded classes dumped at exit to a temporary name,
     * then renamed, so a half-written archive is never used.
     */
    public static List<String> archiveScript(String jarPath, String java) {
        String script = "a=$1; j=$2; shift 2; [ -e \"$a\" ] && exit 0; t=\"$a.tmp.$$\"; p=\"$a.probe.$$\";"
                + " \"$j\" -XX:ArchiveClassesAtExit=\"$t\" \"$@\" run --path \"$p\" --size 1MiB --iterations 1"
                + " --keep none --quiet >/dev/null 2>&1 && mv -f \"$t\" \"$a\"; s=$?; rm -f \"$t\" \"$p\"; exit $s";
        return List.of("sh", "-c", script, "sh", archive(jarPath, java), java, "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-jar", jarPath);
    }
}
