package dev.triage.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a model bundle's files come from, for {@link BundleCache}: a local folder (used where it
 * lies), the class path (the built-in models), or an S3 prefix (triage-s3's {@code S3BundleSource}).
 * triage.json is read first: it names every other file and its sha256, so that a deployment can
 * check it is the bundle it expects before anything else is read.
 *
 * <p>{@link #toString()} names the source in messages: a folder, {@code classpath:...} or {@code s3://...}.
 */
public interface BundleSource {

    /** triage.json's bytes; empty where the source has none (only a folder used in place may lack one). */
    Optional<byte[]> manifest() throws IOException;

    /** One file of the bundle, by its name in triage.json; {@link NoSuchFileException} where it is missing. */
    InputStream open(String file) throws IOException;

    /** The local folder this source already is, loaded where it lies; empty for a source that must be copied. */
    default Optional<Path> folder() {
        return Optional.empty();
    }

    /**
     * Whether this source's files are part of the deployed application itself (class-path resources
     * lying as plain files, as the built-in models do in a Lambda zip): they are loaded where they lie
     * without hashing them again, as the application's own classes are: their digests were checked
     * when the build assembled them, and the package they are deployed in has its own checks
     * (docs/design.md, "Built-in models are not hashed at start").
     */
    default boolean isDeployedCode() {
        return false;
    }

    /** A bundle folder on this machine, loaded where it lies. */
    static BundleSource folder(Path dir) {
        return new FolderBundleSource(dir);
    }

    /**
     * Bundle files packaged as class-path resources under {@code prefix} (ending in '/'). Where the
     * resources are plain files (a Lambda zip's root, a build's classes folder) their folder is loaded
     * where it lies; inside a jar they are copied out.
     */
    static BundleSource classpath(ClassLoader loader, String prefix) {
        return ClasspathBundleSource.of(loader, prefix);
    }
}
