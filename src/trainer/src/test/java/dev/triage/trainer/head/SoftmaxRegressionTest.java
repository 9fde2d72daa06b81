package dev.triage.trainer.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.triage.export.LinearHead;
import dev.triage.trainer.recipe.Recipe.HeadSpec;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {

    @Test
    void learnsThreeGaussianClustersAndFoldsTheScalerIntoTheWeights() {
        Random random = new Random(1);
        int n = 600;
        float[][] x = new float[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                // shifted, badly scaled features: standardisation must cope
                x[i][j] = (float) (random.nextGaussian() + (j == y[i] ? 3 : 0)) * (j + 1) * 10 + 50;
            }
        }
        SoftmaxRegression.Fitted fitted = SoftmaxRegression.fit(x, y, 3, new HeadSpec(1.0, 500, 0.05, 1), null);
        float[][] logits = fitted.logits(x);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int k = 1; k < 3; k++) {
                best = logits[i][k] > logits[i][best] ? k : best;
            }
            correct += best == y[i] ? 1 : 0;
        }
        assertThat(correct / (double) n).isGreaterThan(0.95);

        LinearHead raw = fitted.forRawFeatures();
        for (int i = 0; i < 20; i++) {
            double[] folded = raw.apply(x[i]);
            for (int k = 0; k < 3; k++) {
                assertThat(folded[k]).isCloseTo(logits[i][k], within(1e-3));
            }
        }
    }

    @Test
    void strongerRegularisationGivesSmallerWeights() {
        Random random = new Random(2);
        float[][] x = new float[200][3];
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 3; j++) {
                x[i][j] = (float) random.nextGaussian() + (y[i] == 1 && j == 0 ? 1.5f : 0);
            }
        }
        double strong = norm(SoftmaxRegression.fit(x, y, 2, new HeadSpec(0.001, 400, 0.05, 1), null).weight());
        double weak = norm(SoftmaxRegression.fit(x, y, 2, new HeadSpec(100, 400, 0.05, 1), null).weight());
        assertThat(strong).isLessThan(weak / 5);
    }

    private static double norm(float[][] w) {
        double sum = 0;
        for (float[] row : w) {
            for (float v : row) {
                sum += v * v;
            }
        }
        return Math.sqrt(sum);
    }
}
