package bitbisect.runner.analysis;

/** Subsets of indices, for the searches over conjunctions of conditions. */
public final class Subsets {

    private Subsets() {
    }

    /** Calls {@code each} with every index subset of {@code 0..n-1} of the given size (one array, reused). */
    public static void forEach(int n, int size, java.util.function.Consumer<int[]> each) {
        int[] s = new int[size];
        for (int i = 0; i < size; i++) {
            s[i] = i;
        }
        if (size > n) {
            return;
        }
        while (true) {
            each.accept(s);
            int i = size - 1;
            while (i >= 0 && s[i] == n - size + i) {
                i--;
            }
            if (i < 0) {
                return;
            }
            s[i]++;
            for (int j = i + 1; j < size; j++) {
                s[j] = s[j - 1] + 1;
            }
        }
    }
}
