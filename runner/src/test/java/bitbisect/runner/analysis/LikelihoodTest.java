package bitbisect.runner.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Counts over a set of cells: per size, as adding the cells one by one gives them. */
class LikelihoodTest {

    @Test
    void countsOfCellsAreTheirIterationsAddedUpPerSize() {
        SplittableRandom random = new SplittableRandom(7);
        int cells = 500;
        long[] n = new long[cells];
        long[] k = new long[cells];
        long[] words = new long[cells];
        for (int c = 0; c < cells; c++) {
            n[c] = random.nextInt(4); // some cells without finished iterations
            k[c] = n[c] == 0 ? 0 : random.nextInt((int) n[c] + 1);
            words[c] = 1L << random.nextInt(12); // twelve sizes: more than the first arrays hold
        }
        Design design = new Design(List.of(), List.of(), new int[cells][0], n, k, new long[cells], words, new long[cells]);
        BitSet some = new BitSet();
        for (int c = 0; c < cells; c += 1 + random.nextInt(3)) {
            some.set(c);
        }

        Likelihood.Counts counts = Likelihood.Counts.of(design, some);

        Likelihood.Counts oneByOne = new Likelihood.Counts();
        some.stream().forEach(c -> oneByOne.add(words[c], n[c], k[c]));
        assertEquals(oneByOne.byWords.keySet(), counts.byWords.keySet());
        oneByOne.byWords.forEach((w, nk) -> assertArrayEquals(nk, counts.byWords.get(w), "size " + w));
        assertEquals(oneByOne.iterations, counts.iterations);
        assertEquals(oneByOne.corrupt, counts.corrupt);
        assertEquals(12, counts.byWords.size());
    }
}
