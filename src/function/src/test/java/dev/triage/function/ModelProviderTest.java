package dev.triage.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.core.bundle.InvalidBundleException;
import dev.triage.function.config.TriageConfig;
import dev.triage.function.model.BundleLoader;
import dev.triage.function.model.EmailModelProvider;
import dev.triage.function.model.ModelProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle that cannot serve stops the function's start-up with the bundle's own message. */
class ModelProviderTest {

    @Test
    void aCorruptBundleFailsStartUp(@TempDir Path dir) throws Exception {
        Path bundle = ConfiguredBundleTest.renamedCopyOfTheDefaultBundle();
        Path corrupt = dir.resolve("corrupt");
        Files.createDirectories(corrupt);
        for (String file : new String[] {"model.onnx", "config.json", "tokenizer.json", "triage.json"}) {
            Files.copy(bundle.resolve(file), corrupt.resolve(file));
        }
        Files.writeString(corrupt.resolve("tokenizer.json"), "{}");
        assertThatThrownBy(() -> new ModelProvider(config(corrupt.toString()), NO_S3))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("tokenizer.json: sha256 is");
    }

    @Test
    void aMissingBundleFailsStartUp(@TempDir Path dir) {
        assertThatThrownBy(() -> new ModelProvider(config(dir.resolve("nothing-here").toString()), NO_S3))
                .hasMessageContaining("nothing-here").hasMessageContaining("does not exist");
    }

    @Test
    void anUnknownProviderIsNamed() {
        assertThatThrownBy(() -> new ModelProvider(config(null, "tpu"), NO_S3))
                .hasMessageContaining("triage.inference.provider must be cpu or cuda, is 'tpu'");
    }

    @Test
    void theDefaultModelServesWhenNoneIsConfigured() {
        ModelProvider provider = new ModelProvider(config(null), NO_S3);
        assertThat(provider.classifier().bundle().id()).isEqualTo("emotion-minilm-features@1");
    }

    @Test
    void theEmailFunctionDefaultsToTheBuiltInSpamModel() {
        EmailModelProvider provider = new EmailModelProvider(config(null), NO_S3);
        assertThat(provider.classifier().bundle().id()).isEqualTo("spam-minilm-features@1");
        assertThat(provider.classifier().labels()).containsExactly("ham", "spam");
    }

    /** These tests load local bundles only; an S3 location would need a client. */
    static final BundleLoader NO_S3 = new BundleLoader(() -> {
        throw new AssertionError("no S3 client in this test");
    });

    static TriageConfig config(String location) {
        return config(location, "cpu");
    }

    static TriageConfig config(String location, String provider) {
        return new TriageConfig() {
            public Model model() {
                return () -> Optional.ofNullable(location);
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

            public Email email() {
                return new Email() {
                    public Model model() {
                        return Optional::empty;
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
        };
    }
}
