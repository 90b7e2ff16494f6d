package bitbisect.runner.sweep;

/**
 * Text from a host made safe to show: control characters (C0 but tab, DEL, C1) and the
 * characters that reorder text on screen (bidirectional overrides and isolates) written as
 * {@code \x1b} or {@code \u202e}, so nothing a host prints can move a terminal's cursor, ring
 * its bell, retitle the window or hide text in a report.
 */
final class HostText {

    private HostText() {
    }

    static String printable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unsafe = c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f || c >= 0x202a && c <= 0x202e
                    || c >= 0x2066 && c <= 0x2069;
            if (unsafe && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (unsafe) {
                    out.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
