package bitbisect.bench;

import bitbisect.writer.pattern.Pattern;
import bitbisect.writer.verify.BlockComparator;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * In-memory verify scan: BlockComparator over TOTAL bytes of a clean alternating pattern held in
 * BLOCK-sized direct buffers, against one expected block, as the verify phase does. Prints the
 * median rate over PASSES passes in bytes per second (one line, for verify-scan.sh).
 */
public class VerifyScan {
    public static void main(String[] args) {
        long total = Long.parseLong(args[0]);
        int block = Integer.parseInt(args[1]);
        int passes = Integer.parseInt(args[2]);
        Pattern pattern = Pattern.parse("alternating");
        ByteBuffer expected = ByteBuffer.allocateDirect(block);
        pattern.fill(expected, 0);
        ByteBuffer[] data = new ByteBuffer[(int) (total / block)];
        for (int i = 0; i < data.length; i++) {
            data[i] = ByteBuffer.allocateDirect(block);
            pattern.fill(data[i], 0);
        }
        double[] rates = new double[passes];
        long found = 0;
        for (int p = 0; p < passes; p++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < data.length; i++) {
                found += BlockComparator.compare(expected, data[i], (long) i * block, w -> { });
            }
            rates[p] = (double) data.length * block / ((System.nanoTime() - t0) / 1e9);
        }
        if (found != 0) {
            throw new AssertionError("a clean buffer reported " + found + " corrupt words");
        }
        Arrays.sort(rates);
        System.out.printf("%.0f%n", rates[passes / 2]);
    }
}
