package bitbisect.runner.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongCountsTest {

    /** Against a boxed map: zero, negative and colliding values, growth past several tables, ties. */
    @Test
    void countsAndTopAreWhatABoxedMapGives() {
        Random random = new Random(20261130);
        LongCounts counts = new LongCounts();
        Map<Long, Long> reference = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long value = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(50) - 25;             // small, negative and zero, many repeats
                case 1 -> (long) random.nextInt(1000) << 32;   // equal low bits
                case 2 -> random.nextLong();                   // mostly seen once
                default -> Long.MIN_VALUE + random.nextInt(3);
            };
            long n = 1 + random.nextInt(3);
            counts.add(value, n);
            reference.merge(value, n, Long::sum);
        }
        List<LongCounts.Entry> expected = reference.entrySet().stream()
                .sorted(Map.Entry.<Long, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new LongCounts.Entry(e.getKey(), e.getValue())).toList();
        assertEquals(expected.subList(0, 5), counts.top(5));
        assertEquals(expected.subList(0, 300), counts.top(300), "past the many-times-counted values, into the ties");
        assertEquals(List.of(), new LongCounts().top(5));
    }

    @Test
    void equalCountsGoSmallerValueFirst() {
        LongCounts counts = new LongCounts();
        for (long v : new long[] {7, -3, 7, 0, -3, 12}) {
            counts.add(v);
        }
        assertEquals(List.of(new LongCounts.Entry(-3, 2), new LongCounts.Entry(7, 2), new LongCounts.Entry(0, 1)),
                counts.top(3));
    }

    @Test
    void forEachVisitsEveryValueOnceWithItsCount() {
        LongCounts counts = new LongCounts();
        java.util.Map<Long, Long> reference = new java.util.HashMap<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 5000; i++) {
            long v = random.nextInt(300) - 150;
            counts.add(v);
            reference.merge(v, 1L, Long::sum);
        }
        java.util.Map<Long, Long> seen = new java.util.HashMap<>();
        counts.forEach((value, count) -> assertEquals(null, seen.put(value, count), "visited twice: " + value));
        assertEquals(reference, seen);
    }
}
