package dev.triage.function.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.core.bundle.BundleCache;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.Sha256;
import dev.triage.defaultmodel.DefaultModel;
import dev.triage.testsupport.S3rver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A function pinned to a bundle reads triage.json from S3 and refuses another bundle before it downloads anything else. */
class PinnedS3BundleTest {

    private static S3rver s3rver;
    private static S3Client s3;
    private static String manifestSha256;

    @TempDir
    Path cache;

    @BeforeAll
    static void startS3() throws Exception {
        s3rver = S3rver.start();
        s3 = s3rver.client();
        s3.createBucket(b -> b.bucket("models"));
        Path bundle = DefaultModel.directory();
        manifestSha256 = Sha256.of(bundle.resolve("triage.json"));
        // Only triage.json: a loader that downloaded past the pin check would fail on model.onnx instead.
        s3.putObject(b -> b.bucket("models").key("manifest-only/triage.json"), RequestBody.fromFile(bundle.resolve("triage.json")));
        for (String file : new String[] {"model.onnx", "config.json", "tokenizer.json", "triage.json"}) {
            s3.putObject(b -> b.bucket("models").key("emotion/1/" + file), RequestBody.fromFile(bundle.resolve(file)));
        }
    }

    @AfterAll
    static void stopS3() {
        s3.close();
        s3rver.close();
    }

    private ModelBundle load(String location, String pin) {
        return new BundleLoader(() -> s3, new BundleCache(cache))
                .load(new ModelSource(Optional.of(location), Optional.ofNullable(pin), "triage.model.location", "triage.model.sha256",
                        DefaultModel::emotion));
    }

    @Test
    void anotherBundleIsRefusedBeforeItsFilesAreDownloaded() throws Exception {
        String deployed = "ab".repeat(32);
        assertThatThrownBy(() -> load("s3://models/manifest-only/", deployed)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("its triage.json has sha256 " + manifestSha256)
                .hasMessageContaining("pinned to " + deployed + " (triage.model.sha256)");
        try (Stream<Path> left = Files.list(cache)) {
            assertThat(left).as("nothing downloaded").isEmpty();
        }
        assertThatThrownBy(() -> load("s3://models/manifest-only/", manifestSha256))
                .as("the right pin: the files are downloaded next, and the missing one is named")
                .hasMessageContaining("model.onnx: is listed in triage.json but missing");
    }

    @Test
    void thePinnedBundleIsDownloadedOnceAndLoads() {
        ModelBundle bundle = load("s3://models/emotion/1", manifestSha256.toUpperCase());
        assertThat(bundle.id()).isEqualTo("emotion-minilm-finetuned-int8@1");
        assertThat(bundle.directory()).startsWith(cache);
    }
}
