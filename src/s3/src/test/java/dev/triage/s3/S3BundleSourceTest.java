package dev.triage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.core.bundle.BundleCache;
import dev.triage.core.bundle.InvalidBundleException;
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

/** A bundle from the S3 stand-in through the bundle cache: only a complete, verified bundle is ever left on disk. */
class S3BundleSourceTest {

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

    private ModelBundle load(String location) {
        return new BundleCache(cache).load(new S3BundleSource(s3, S3Location.parse(location)));
    }

    @Test
    void downloadsVerifiesAndLoads() {
        ModelBundle bundle = load("s3://models/good/");
        assertThat(bundle.id()).isEqualTo("emotion-minilm-finetuned-int8@1");
        assertThat(bundle.directory()).startsWith(cache);
        assertThat(load("s3://models/good").directory()).as("a second start finds it").isEqualTo(bundle.directory());
    }

    @Test
    void aCorruptFileFailsNamingItAndLeavesNothingBehind() throws IOException {
        assertThatThrownBy(() -> load("s3://models/corrupt/")).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("s3://models/corrupt/: config.json: sha256 is")
                .hasMessageContaining("but triage.json files.config.json says");
        try (Stream<Path> left = Files.list(cache)) {
            assertThat(left).as("no half-downloaded bundle").isEmpty();
        }
    }

    @Test
    void aBundleWithoutTriageJsonIsRefused() {
        assertThatThrownBy(() -> load("s3://models/no-manifest/")).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("s3://models/no-manifest/: triage.json: is missing");
    }

    @Test
    void aListedFileThatIsMissingIsNamed() {
        assertThatThrownBy(() -> load("s3://models/missing-file/")).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("tokenizer.json: is listed in triage.json but missing");
    }
}
