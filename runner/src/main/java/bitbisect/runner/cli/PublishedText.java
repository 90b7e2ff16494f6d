package bitbisect.runner.cli;

import bitbisect.runner.publish.Publisher;
import java.io.PrintWriter;

/** How {@code sweep} and {@code report} end: the report's headline and where the files are. */
final class PublishedText {

    private PublishedText() {
    }

    static void print(Publisher.Published p, PrintWriter out) {
        out.println(p.report().result().headline());
        out.println("cube:     " + p.cube());
        out.println("report:   " + p.report().html());
        out.println("          " + p.report().markdown());
        out.println("findings: " + p.report().findings());
        out.println("junit:    " + p.junit());
        out.flush();
    }
}
