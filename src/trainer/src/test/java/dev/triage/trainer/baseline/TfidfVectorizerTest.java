package dev.triage.trainer.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TfidfVectorizerTest {

    @Test
    void termsAreLowerCasedWordsOfTwoOrMoreCharactersAndTheirBigrams() {
        assertThat(TfidfVectorizer.terms("I feel GREAT, a b!")).containsExactly("feel", "great", "feel great");
    }

    @Test
    void weightsAreSmoothedIdfScaledToUnitLength() {
        TfidfVectorizer vectorizer = TfidfVectorizer.fit(List.of("good day", "bad day"));
        TfidfVectorizer.SparseVector vector = vectorizer.transform("good good day");
        // vocabulary sorted: bad, bad day, day, good, good day -> good=3, day=2, "good good"? not in vocabulary
        double idfGood = Math.log(3.0 / 2.0) + 1;
        double idfDay = Math.log(3.0 / 3.0) + 1;
        double idfGoodDay = Math.log(3.0 / 2.0) + 1;
        double g = 2 * idfGood;
        double d = idfDay;
        double gd = idfGoodDay;
        double norm = Math.sqrt(g * g + d * d + gd * gd);
        assertThat(vector.indices()).containsExactly(2, 3, 4);
        assertThat(vector.values()).containsExactly(new double[] {d / norm, g / norm, gd / norm}, within(1e-12));
    }
}
