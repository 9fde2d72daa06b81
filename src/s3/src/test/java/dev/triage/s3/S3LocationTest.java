package dev.triage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void aBundleLocationIsAFolder() {
        S3Location location = S3Location.parse("s3://triage-models/models/emotion/1");
        assertThat(location.asPrefix()).hasToString("s3://triage-models/models/emotion/1/");
        assertThat(location.asPrefix().resolve("triage.json").key()).isEqualTo("models/emotion/1/triage.json");
        assertThat(S3Location.parse("s3://b-1/").asPrefix().resolve("x").key()).isEqualTo("x");
    }

    @Test
    void relativePathsResolveBesideAnObject() {
        S3Location recipe = S3Location.parse("s3://triage-data/recipes/emotion.json");
        assertThat(recipe.resolve("../data/train.txt")).hasToString("s3://triage-data/data/train.txt");
        assertThat(recipe.fileName()).isEqualTo("emotion.json");
    }

    @Test
    void aLocationWithoutABucketOrWithABadOneIsRefused() {
        assertThatThrownBy(() -> S3Location.parse("s3:///x/")).hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> S3Location.parse("s3://Bad_Bucket/x/")).hasMessageContaining("'Bad_Bucket' in s3://Bad_Bucket/x/ is not a valid S3 bucket name");
        assertThatThrownBy(() -> S3Location.parse("/local/folder")).hasMessageContaining("not an s3:// address");
    }
}
