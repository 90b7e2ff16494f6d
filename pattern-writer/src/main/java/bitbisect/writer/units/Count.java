package bitbisect.writer.units;

/** A count with its noun for messages: "1 corrupt word", "3 corrupt words". */
public final class Count {

    private Count() {
    }

    public static String of(long n, String singular) {
        return n + " " + singular + (n == 1 ? "" : "s");
    }
}
