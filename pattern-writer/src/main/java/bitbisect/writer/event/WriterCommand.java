package bitbisect.writer.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** The writer's commands that write or read a test file, each an event stream from {@code start} to {@code end}. */
public enum WriterCommand {
    /** Write the file and read it back, iteration after iteration, on one host. */
    RUN("run"),
    /** One write pass, read back elsewhere (another host's verify). */
    WRITE("write"),
    /** One read-back of a file written earlier, or by another host. */
    VERIFY("verify");

    private final String label;

    WriterCommand(String label) {
        this.label = label;
    }

    /** The command's name on the command line and in the start event. */
    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
