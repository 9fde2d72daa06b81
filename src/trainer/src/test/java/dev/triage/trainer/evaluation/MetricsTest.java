package dev.triage.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void computesTheBooksMeasuresLikeScikitLearn() {
        // gold:      a a a b b c
        // predicted: a a b b c c
        Metrics m = Metrics.of(List.of("a", "b", "c"), new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 2, 2});
        assertThat(m.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(m.confusion()).isDeepEqualTo(new int[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}});
        // a: p=1 r=2/3 f=0.8; b: p=1/2 r=1/2 f=1/2; c: p=1/2 r=1 f=2/3
        assertThat(m.f1()).containsExactly(new double[] {0.8, 0.5, 2.0 / 3}, within(1e-12));
        assertThat(m.macroF1()).isCloseTo((0.8 + 0.5 + 2.0 / 3) / 3, within(1e-12));
        assertThat(m.weightedF1()).isCloseTo((0.8 * 3 + 0.5 * 2 + 2.0 / 3) / 6, within(1e-12));
        assertThat(m.support()).containsExactly(3, 2, 1);
    }

    @Test
    void aClassNeverPredictedHasZeroPrecisionNotNaN() {
        Metrics m = Metrics.of(List.of("a", "b"), new int[] {0, 1}, new int[] {0, 0});
        assertThat(m.precision()[1]).isZero();
        assertThat(m.f1()[1]).isZero();
        assertThat(m.macroF1()).isCloseTo((2 * 0.5 * 1 / 1.5) / 2, within(1e-12));
    }
}
