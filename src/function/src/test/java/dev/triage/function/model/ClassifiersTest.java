package dev.triage.function.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.BundleCache;
import dev.triage.core.bundle.InvalidBundleException;
import dev.triage.core.bundle.Sha256;
import dev.triage.function.ConfiguredBundleTest;
import dev.triage.function.config.TriageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle that cannot serve stops the function's start-up with the bundle's own message. */
class ClassifiersTest {

    @Test
    void aCorruptBundleFailsStartUp(@TempDir Path dir) throws Exception {
        Path bundle = ConfiguredBundleTest.renamedCopyOfTheDefaultBundle();
        Path corrupt = dir.resolve("corrupt");
        Files.createDirectories(corrupt);
        for (String file : new String[] {"model.onnx", "config.json", "tokenizer.json", "triage.json"}) {
            Files.copy(bundle.resolve(file), corrupt.resolve(file));
        }
        Files.writeString(corrupt.resolve("tokenizer.json"), "{}");
        assertThatThrownBy(() -> new Classifiers().text(config(corrupt.toString()), NO_S3))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("tokenizer.json: sha256 is");
    }

    @Test
    void aGraphOrTokenizerThatCannotLoadFailsStartUpWithItsOwnMessage(@TempDir Path dir) throws Exception {
        // No triage.json, so nothing is hashed: the session (made on its own thread) and the tokenizer meet the broken file.
        Path bundle = ConfiguredBundleTest.renamedCopyOfTheDefaultBundle();
        Path brokenGraph = dir.resolve("broken-graph");
        Path brokenTokenizer = dir.resolve("broken-tokenizer");
        for (Path target : new Path[] {brokenGraph, brokenTokenizer}) {
            Files.createDirectories(target);
            for (String file : new String[] {"model.onnx", "config.json", "tokenizer.json"}) {
                Files.copy(bundle.resolve(file), target.resolve(file));
            }
        }
        Files.writeString(brokenGraph.resolve("model.onnx"), "not a graph");
        assertThatThrownBy(() -> new Classifiers().text(config(brokenGraph.toString()), NO_S3))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("model.onnx: ONNX Runtime cannot load the graph");
        Files.writeString(brokenTokenizer.resolve("tokenizer.json"), "{\"model\": 1}");
        assertThatThrownBy(() -> new Classifiers().text(config(brokenTokenizer.toString()), NO_S3))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("tokenizer.json: the Hugging Face tokenizer cannot load it");
    }

    @Test
    void aMissingBundleFailsStartUp(@TempDir Path dir) {
        assertThatThrownBy(() -> new Classifiers().text(config(dir.resolve("nothing-here").toString()), NO_S3))
                .hasMessageContaining("nothing-here").hasMessageContaining("does not exist");
    }

    @Test
    void anUnknownProviderIsNamed() {
        assertThatThrownBy(() -> new Classifiers().text(config(null, "tpu"), NO_S3))
                .hasMessageContaining("triage.inference.provider must be cpu or cuda, is 'tpu'");
    }

    @Test
    void theDefaultModelServesWhenNoneIsConfigured() {
        try (TextClassifier classifier = new Classifiers().text(config(null), NO_S3)) {
            assertThat(classifier.bundle().id()).isEqualTo("emotion-minilm-finetuned-int8@1");
        }
    }

    @Test
    void theEmailFunctionDefaultsToTheBuiltInSpamModel() {
        try (TextClassifier classifier = new Classifiers().email(config(null), NO_S3)) {
            assertThat(classifier.bundle().id()).isEqualTo("spam-minilm-finetuned-int8@1");
            assertThat(classifier.labels()).containsExactly("ham", "spam");
        }
    }

    @Test
    void aFunctionPinnedToItsBundleLoadsIt() throws Exception {
        Path bundle = ConfiguredBundleTest.renamedCopyOfTheDefaultBundle();
        String sha256 = Sha256.of(bundle.resolve("triage.json"));
        try (TextClassifier classifier = new Classifiers().text(config(bundle.toString(), sha256, null, null, "cpu"), NO_S3)) {
            assertThat(classifier.bundle().id()).isEqualTo("emotion-copy@7");
        }
        try (TextClassifier builtIn = new Classifiers().email(config(null, null, null,
                Sha256.of(dev.triage.defaultmodel.DefaultModel.spamDirectory().resolve("triage.json")).toUpperCase(), "cpu"), NO_S3)) {
            assertThat(builtIn.bundle().id()).as("a pin on the built-in model, in upper case").isEqualTo("spam-minilm-finetuned-int8@1");
        }
    }

    @Test
    void aPinnedFunctionRefusesAnotherBundleNamingBothHashes() throws Exception {
        Path bundle = ConfiguredBundleTest.renamedCopyOfTheDefaultBundle();
        String actual = Sha256.of(bundle.resolve("triage.json"));
        String deployed = "ab".repeat(32);
        assertThatThrownBy(() -> new Classifiers().text(config(bundle.toString(), deployed, null, null, "cpu"), NO_S3))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has sha256 " + actual)
                .hasMessageContaining("pinned to " + deployed + " (triage.model.sha256)");
        assertThatThrownBy(() -> new Classifiers().email(config(null, null, bundle.toString(), deployed, "cpu"), NO_S3))
                .hasMessageContaining("pinned to " + deployed + " (triage.email.model.sha256)");
        assertThatThrownBy(() -> new Classifiers().email(config(bundle.toString(), deployed, null, null, "cpu"), NO_S3))
                .as("classifyEmail on the shared location is pinned by the shared sha256")
                .hasMessageContaining("(triage.model.sha256)");
    }

    @Test
    void aPinThatIsNoSha256OrABundleWithoutTriageJsonIsRefused(@TempDir Path dir) throws Exception {
        Path bundle = ConfiguredBundleTest.renamedCopyOfTheDefaultBundle();
        assertThatThrownBy(() -> new Classifiers().text(config(bundle.toString(), "latest", null, null, "cpu"), NO_S3))
                .hasMessageContaining("triage.model.sha256 is 'latest', not a sha256");
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare);
        for (String file : new String[] {"model.onnx", "config.json", "tokenizer.json"}) {
            Files.copy(bundle.resolve(file), bare.resolve(file));
        }
        assertThatThrownBy(() -> new Classifiers().text(config(bare.toString(), "ab".repeat(32), null, null, "cpu"), NO_S3))
                .hasMessageContaining("has no triage.json, but this function is pinned");
        try (TextClassifier unpinned = new Classifiers().text(config(bare.toString()), NO_S3)) {
            assertThat(unpinned.labels()).as("unpinned: no check").hasSize(6);
        }
    }

    /** These tests load local bundles only; an S3 location would need a client. */
    static final BundleLoader NO_S3 = new BundleLoader(() -> {
        throw new AssertionError("no S3 client in this test");
    }, new BundleCache(BundleCache.defaultRoot()));

    static TriageConfig config(String location) {
        return config(location, "cpu");
    }

    static TriageConfig config(String location, String provider) {
        return config(location, null, null, null, provider);
    }

    static TriageConfig.Model model(String location, String sha256) {
        return new TriageConfig.Model() {
            public Optional<String> location() {
                return Optional.ofNullable(location);
            }

            public Optional<String> sha256() {
                return Optional.ofNullable(sha256);
            }
        };
    }

    static TriageConfig config(String location, String sha256, String emailLocation, String emailSha256, String provider) {
        return new TriageConfig() {
            public Model model() {
                return ClassifiersTest.model(location, sha256);
            }

            public Inference inference() {
                return new Inference() {
                    public OptionalInt intraOpThreads() {
                        return OptionalInt.of(1);
                    }

                    public int interOpThreads() {
                        return 1;
                    }

                    public String provider() {
                        return provider;
                    }
                };
            }

            public Limits limits() {
                return new Limits() {
                    public int maxTextChars() {
                        return 100;
                    }

                    public int maxBatchSize() {
                        return 2;
                    }

                    public int maxBodyBytes() {
                        return 1000;
                    }
                };
            }

            public Archive archive() {
                throw new UnsupportedOperationException("the classifiers read no archive setting");
            }

            public Email email() {
                return new Email() {
                    public Model model() {
                        return ClassifiersTest.model(emailLocation, emailSha256);
                    }

                    public int maxBodyChars() {
                        return 2000;
                    }

                    public long maxObjectBytes() {
                        return 1000;
                    }

                    public Optional<String> outputQueueUrl() {
                        return Optional.empty();
                    }

                    public int maxResultBytes() {
                        return 262_144;
                    }

                    public java.time.Duration recordBudget() {
                        return java.time.Duration.ofSeconds(10);
                    }

                    public int budgetAttempts() {
                        return 2;
                    }
                };
            }

            public Aws aws() {
                return new Aws() {
                    public Optional<String> region() {
                        return Optional.empty();
                    }

                    public Optional<java.net.URI> s3Endpoint() {
                        return Optional.empty();
                    }

                    public Optional<java.net.URI> sqsEndpoint() {
                        return Optional.empty();
                    }
                };
            }

            public Log log() {
                return () -> false;
            }

            public Optional<Path> modelCacheDir() {
                return Optional.empty();
            }
        };
    }
}
