package dev.triage.function.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.core.bundle.ModelBundle;
import dev.triage.defaultmodel.DefaultModel;
import dev.triage.testsupport.S3rver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Downloading a bundle from the S3 stand-in: only a complete, verified bundle is ever left on disk. */
class S3BundleDownloaderTest {

    private static S3rver s3rver;
    private static S3Client s3;

    @TempDir
    Path cache;

    @BeforeAll
    static void startS3() {
        s3rver = S3rver.start();
        s3 = s3rver.client();
        s3.createBucket(b -> b.bucket("models"));
        Path bundle = DefaultModel.directory();
        for (String prefix : new String[] {"good/", "corrupt/", "no-manifest/", "missing-file/"}) {
            for (String file : new String[] {"model.onnx", "config.json", "tokenizer.json", "triage.json"}) {
                if (prefix.equals("no-manifest/") && file.equals("triage.json")
                        || prefix.equals("missing-file/") && file.equals("tokenizer.json")) {
                    continue;
                }
                RequestBody body = prefix.equals("corrupt/") && file.equals("config.json")
                        ? RequestBody.fromString(readString(bundle.resolve(file)).replace("joy", "JOY"))
                        : RequestBody.fromFile(bundle.resolve(file));
                s3.putObject(b -> b.bucket("models").key(prefix + file), body);
            }
        }
    }

    @AfterAll
    static void stopS3() {
        s3.close();
        s3rver.close();
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path download(String location) {
        return new S3BundleDownloader(s3, cache, new com.fasterxml.jackson.databind.ObjectMapper()).download(S3BundleUri.parse(location));
    }

    @Test
    void downloadsVerifiesAndLoads() {
        Path local = download("s3://models/good/");
        assertThat(ModelBundle.load(local).id()).isEqualTo("emotion-minilm-finetuned-int8@1");
        assertThat(download("s3://models/good")).as("a second start finds it").isEqualTo(local);
    }

    @Test
    void aCorruptFileFailsNamingItAndLeavesNothingBehind() throws IOException {
        assertThatThrownBy(() -> download("s3://models/corrupt/")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("s3://models/corrupt/: config.json downloaded with sha256")
                .hasMessageContaining("but triage.json says");
        try (Stream<Path> left = Files.list(cache)) {
            assertThat(left).as("no half-downloaded bundle").isEmpty();
        }
    }

    @Test
    void aBundleWithoutTriageJsonIsRefused() {
        assertThatThrownBy(() -> download("s3://models/no-manifest/")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("triage.json is missing");
    }

    @Test
    void aListedFileThatIsMissingIsNamed() {
        assertThatThrownBy(() -> download("s3://models/missing-file/")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.json is listed in triage.json but missing");
    }

    @Test
    void aLocationWithoutABucketIsRefused() {
        assertThatThrownBy(() -> S3BundleUri.parse("s3:///x/")).hasMessageContaining("names no bucket");
    }
}
