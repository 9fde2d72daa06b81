package dev.triage.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.core.TinyBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one bundle cache: folders load where they lie, jars and other sources are copied once, verified, whole or not at all. */
class BundleCacheTest {

    static final String PREFIX = "models/tiny/";

    @TempDir
    Path dir;

    @Test
    void aFolderLoadsWhereItLiesAndIsCheckedThere() throws IOException {
        Path bundle = TinyBundle.builder().writeTo(dir.resolve("bundle"));
        BundleCache cache = new BundleCache(dir.resolve("cache"));
        assertThat(cache.load(BundleSource.folder(bundle)).directory()).isEqualTo(bundle);
        assertThat(dir.resolve("cache")).doesNotExist();
        Files.writeString(bundle.resolve("config.json"), Files.readString(bundle.resolve("config.json")).replace("joy", "JOY"));
        assertThatThrownBy(() -> cache.load(BundleSource.folder(bundle))).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("config.json: sha256 is");
    }

    @Test
    void aFolderWithoutTriageJsonLoadsUnchanged() {
        Path optimum = TinyBundle.builder().withoutManifest().writeTo(dir.resolve("optimum-export"));
        assertThat(new BundleCache(dir.resolve("cache")).load(BundleSource.folder(optimum)).id()).isEqualTo("optimum-export@0");
    }

    @Test
    void aBundleInAJarIsCopiedOnceIntoAFolderNamedAfterItsManifest() throws Exception {
        Path bundle = TinyBundle.builder().writeTo(dir.resolve("bundle"));
        try (URLClassLoader jar = classLoader(jarOf(bundle, dir.resolve("models.jar")))) {
            BundleSource source = BundleSource.classpath(jar, PREFIX);
            assertThat(source.folder()).as("inside a jar: copied out").isEmpty();
            BundleCache cache = new BundleCache(dir.resolve("cache"));
            ModelBundle loaded = cache.load(source);
            String digest = Sha256.of(bundle.resolve("triage.json"));
            assertThat(loaded.directory()).isEqualTo(dir.resolve("cache").resolve("tiny-3-" + digest.substring(0, 16)));
            assertThat(loaded.id()).isEqualTo("tiny@3");
            long copied = Files.getLastModifiedTime(loaded.modelFile()).toMillis();
            Thread.sleep(20);
            assertThat(cache.load(source).directory()).as("found, not copied again").isEqualTo(loaded.directory());
            assertThat(Files.getLastModifiedTime(loaded.modelFile()).toMillis()).isEqualTo(copied);
        }
    }

    @Test
    void plainResourcesLoadWhereTheyLie() throws Exception {
        Path classes = dir.resolve("classes");
        TinyBundle.builder().writeTo(classes.resolve(PREFIX));
        try (URLClassLoader loader = classLoader(classes)) {
            BundleSource source = BundleSource.classpath(loader, PREFIX);
            assertThat(source.folder()).contains(classes.resolve(PREFIX).toAbsolutePath().normalize());
            assertThat(new BundleCache(dir.resolve("cache")).load(source).directory()).isEqualTo(classes.resolve("models/tiny").toAbsolutePath());
        }
    }

    @Test
    void plainResourcesArePartOfTheDeployedCodeAndAreNotHashedAgain() throws Exception {
        Path classes = dir.resolve("classes");
        Path bundle = TinyBundle.builder().writeTo(classes.resolve(PREFIX));
        // A changed file that a folder source would refuse (aFolderLoadsWhereItLiesAndIsCheckedThere):
        // on the class path it is the build's own file, whose digest the build checked.
        Files.writeString(bundle.resolve("config.json"), Files.readString(bundle.resolve("config.json")).replace("joy", "JOY"));
        try (URLClassLoader loader = classLoader(classes)) {
            BundleSource source = BundleSource.classpath(loader, PREFIX);
            assertThat(source.isDeployedCode()).isTrue();
            assertThat(new BundleCache(dir.resolve("cache")).load(source).labels()).contains("JOY");
            Files.delete(bundle.resolve("tokenizer.json"));
            assertThatThrownBy(() -> new BundleCache(dir.resolve("cache")).load(source)).isInstanceOf(InvalidBundleException.class)
                    .as("a required file is still required").hasMessageContaining("tokenizer.json: is missing");
        }
        assertThat(BundleSource.folder(bundle).isDeployedCode()).isFalse();
        try (URLClassLoader jar = classLoader(jarOf(TinyBundle.builder().writeTo(dir.resolve("bundle")), dir.resolve("models.jar")))) {
            assertThat(BundleSource.classpath(jar, PREFIX).isDeployedCode()).as("copied out of a jar: checked as copied").isFalse();
        }
    }

    @Test
    void aCorruptFileIsNamedAndLeavesNothingBehind() throws Exception {
        Path bundle = TinyBundle.builder().writeTo(dir.resolve("bundle"));
        Files.writeString(bundle.resolve("tokenizer.json"), Files.readString(bundle.resolve("tokenizer.json")) + " ");
        try (URLClassLoader jar = classLoader(jarOf(bundle, dir.resolve("models.jar")))) {
            Path root = dir.resolve("cache");
            assertThatThrownBy(() -> new BundleCache(root).load(BundleSource.classpath(jar, PREFIX)))
                    .isInstanceOf(InvalidBundleException.class)
                    .hasMessageContaining("classpath:models/tiny/: tokenizer.json: sha256 is")
                    .hasMessageContaining("the file is corrupt or was replaced");
            try (Stream<Path> left = Files.list(root)) {
                assertThat(left).as("no half-copied bundle").isEmpty();
            }
        }
    }

    @Test
    void aCopiedBundleMustHaveTriageJsonListingEveryFile() throws Exception {
        Path bare = TinyBundle.builder().withoutManifest().writeTo(dir.resolve("bare"));
        try (URLClassLoader jar = classLoader(jarOf(bare, dir.resolve("bare.jar")))) {
            assertThatThrownBy(() -> new BundleCache(dir.resolve("cache")).load(BundleSource.classpath(jar, PREFIX)))
                    .hasMessageContaining("classpath:models/tiny/: triage.json: is missing; a bundle that is copied");
        }
        Path bundle = TinyBundle.builder().writeTo(dir.resolve("bundle"));
        Files.delete(bundle.resolve("config.json"));
        try (URLClassLoader jar = classLoader(jarOf(bundle, dir.resolve("models.jar")))) {
            assertThatThrownBy(() -> new BundleCache(dir.resolve("cache2")).load(BundleSource.classpath(jar, PREFIX)))
                    .hasMessageContaining("config.json: is listed in triage.json but missing");
        }
    }

    @Test
    void concurrentCopiesOfOneBundleAllSucceedWithOneFolder() throws Exception {
        Path bundle = TinyBundle.builder().writeTo(dir.resolve("bundle"));
        try (URLClassLoader jar = classLoader(jarOf(bundle, dir.resolve("models.jar")))) {
            BundleSource source = BundleSource.classpath(jar, PREFIX);
            Callable<Path> copy = () -> new BundleCache(dir.resolve("cache")).materialize(source.manifest().orElseThrow(), source);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Path>> copies = pool.invokeAll(List.of(copy, copy, copy, copy));
                Path first = copies.get(0).get();
                for (Future<Path> each : copies) {
                    assertThat(each.get()).isEqualTo(first);
                }
            } finally {
                pool.shutdown();
            }
            try (Stream<Path> folders = Files.list(dir.resolve("cache"))) {
                assertThat(folders).as("no staging folder left").hasSize(1);
            }
        }
    }

    @Test
    void aSourceThatFailsToReadIsNamed() {
        BundleSource broken = new BundleSource() {
            public Optional<byte[]> manifest() throws IOException {
                throw new IOException("connection reset");
            }

            public InputStream open(String file) throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public String toString() {
                return "s3://models/emotion/1/";
            }
        };
        assertThatThrownBy(() -> new BundleCache(dir).load(broken))
                .hasMessage("model bundle s3://models/emotion/1/: cannot read triage.json: connection reset");
    }

    private static URLClassLoader classLoader(Path jarOrFolder) throws IOException {
        return new URLClassLoader(new URL[] {jarOrFolder.toUri().toURL()}, null);
    }

    private static Path jarOf(Path bundle, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.list(bundle)) {
            for (Path f : files.sorted().toList()) {
                out.putNextEntry(new JarEntry(PREFIX + f.getFileName()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
