package bitbisect.runner.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A stream's lines as bytes, split where {@link java.io.BufferedReader#readLine} splits them
 * ({@code \n}, {@code \r} or {@code \r\n}; a last line without one counts), each without its
 * terminator and not decoded: a store's events file is read by the hundred megabytes, nearly all
 * of it lines whose numbers are read straight from their bytes.
 */
final class ByteLines {

    /** Takes one line, {@code bytes[from, to)}; the array is reused once it returns. */
    interface Consumer {
        void line(byte[] bytes, int from, int to) throws IOException;
    }

    private static final int BUFFER = 1 << 16;

    private ByteLines() {
    }

    static void forEach(InputStream in, Consumer each) throws IOException {
        byte[] buf = new byte[BUFFER];
        int start = 0; // the line being gathered starts here
        int end = 0; // bytes read so far end here
        boolean afterCr = false; // a \n right after a \r ends no line of its own
        while (true) {
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else {
                    buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
                }
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                break;
            }
            for (int i = end, stop = end + n; i < stop; i++) {
                byte c = buf[i];
                if (afterCr) {
                    afterCr = false;
                    if (c == '\n') {
                        start = i + 1;
                        continue;
                    }
                }
                if (c == '\n' || c == '\r') {
                    each.line(buf, start, i);
                    start = i + 1;
                    afterCr = c == '\r';
                }
            }
            end += n;
        }
        if (start < end) {
            each.line(buf, start, end);
        }
    }
}
