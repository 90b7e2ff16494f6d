package bitbisect.runner.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the banner a JVM prints on stdout when it dies of a fatal error (a SIGSEGV in compiled
 * code, an internal error): what happened and where the hs_err report was saved on the host.
 * A writer JVM that crashes is itself a finding on a host suspected of bad memory or CPU.
 */
final class JvmCrashBanner {

    private static final String START = "# A fatal error has been detected by the Java Runtime Environment";
    private static final String REPORT = "# An error report file with more information is saved as:";

    private boolean inBanner;
    private boolean causeDone;
    private boolean reportNext;
    private final List<String> what = new ArrayList<>();
    private String report;

    /** Takes one line of the writer's stdout. */
    void line(String line) {
        if (line.startsWith(START)) {
            inBanner = true;
        } else if (!inBanner || !line.startsWith("#")) {
            return;
        } else if (reportNext) {
            report = line.substring(1).strip();
            reportNext = false;
        } else if (line.startsWith(REPORT)) {
            reportNext = true;
        } else if (line.startsWith("# JRE version")) {
            causeDone = true; // the cause comes before the versions
        } else if (!causeDone && line.startsWith("#  ") && !line.isBlank()) {
            what.add(line.substring(1).strip()); // "SIGSEGV (0xb) at pc=...", or "Internal Error (...)" and its text
        }
    }

    /** "the JVM crashed: ...; report on the host: ..." or null when no banner was seen. */
    String describe() {
        if (what.isEmpty()) {
            return null;
        }
        return "the JVM crashed: " + String.join("; ", what) + (report == null ? "" : "; report on the host: " + report);
    }
}
