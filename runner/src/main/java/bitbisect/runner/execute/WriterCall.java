package bitbisect.runner.execute;

import java.util.List;

/**
 * One invocation of the writer on a host: which java, which JVM flags (the cell's variant),
 * and the writer's own arguments ({@code run --path ... --size ...}). Each executor adds where
 * the jar lives on its host.
 */
public record WriterCall(String java, List<String> jvmFlags, List<String> writerArgs) {

    /** The full command line, given where the jar is. */
    public List<String> command(String jarPath) {
        List<String> command = new java.util.ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jarPath);
        command.addAll(writerArgs);
        return command;
    }
}
