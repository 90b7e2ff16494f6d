package bitbisect.runner.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reference values from scipy.stats (binomtest(...).proportion_ci('exact'), fisher_exact, chi2_contingency). */
class StatsTest {

    @Test
    void exactIntervalIncludingBothEdges() {
        Stats.Rate middle = Stats.rate(5, 10);
        assertEquals(0.187086, middle.low(), 1e-6);
        assertEquals(0.812914, middle.high(), 1e-6);
        Stats.Rate none = Stats.rate(0, 10);
        assertEquals(0, none.low());
        assertEquals(0.308497, none.high(), 1e-6);
        Stats.Rate all = Stats.rate(10, 10);
        assertEquals(0.691503, all.low(), 1e-6);
        assertEquals(1, all.high());
        assertTrue(Double.isNaN(Stats.rate(0, 0).value()));
    }

    @Test
    void zeroFailuresBoundTheRateNearThreeOverN() {
        assertEquals(0.029513, Stats.upperBoundWithNone(100), 1e-6);
        assertEquals(3.0 / 10_000, Stats.upperBoundWithNone(10_000), 1e-6);
        assertEquals(11, Stats.trialsToRuleOut(0.25), "0.75^10 = 0.056, 0.75^11 = 0.042");
        assertEquals(299, Stats.trialsToRuleOut(0.01));
        assertEquals(Long.MAX_VALUE, Stats.trialsToRuleOut(0));
        assertTrue(Stats.rulesOut(299, 0.01));
        assertFalse(Stats.rulesOut(298, 0.01));
    }

    @Test
    void fisherExactTwoSided() {
        assertEquals(0.485714, Stats.fisher(3, 1, 1, 3), 1e-6);
        assertEquals(0.000537, Stats.fisher(10, 2, 3, 15), 1e-6);
        assertEquals(1, Stats.fisher(0, 10, 0, 10), "no failures anywhere");
    }

    @Test
    void independenceHandlesTheEdgesChiSquareGetsWrong() {
        Stats.Test none = Stats.independence(new long[] {0, 0, 0}, new long[] {10, 10, 10});
        assertEquals(1, none.p(), "all-zero column: chi-square would return NaN");
        assertEquals("no corruption", none.note());
        Stats.Test one = Stats.independence(new long[] {3, 0}, new long[] {10, 0});
        assertTrue(Double.isNaN(one.p()), "one value with iterations: nothing to compare");
        Stats.Test chi = Stats.independence(new long[] {10, 2, 3}, new long[] {50, 50, 50});
        assertEquals("chi-square", chi.name());
        assertEquals(0.014666, chi.p(), 1e-6);
        assertTrue(chi.significant());
    }
}
