package dev.triage.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Bundle files packaged as class-path resources. Inside a jar they must be copied out (ONNX Runtime
 * and the tokenizer read files); where they are plain files, as in a Lambda zip's root, their folder
 * is used where it lies, with nothing copied to /tmp.
 */
record ClasspathBundleSource(ClassLoader loader, String prefix, Optional<Path> folder) implements BundleSource {

    static ClasspathBundleSource of(ClassLoader loader, String prefix) {
        String folderPrefix = prefix.endsWith("/") ? prefix : prefix + "/";
        return new ClasspathBundleSource(loader, folderPrefix, plainFolder(loader.getResource(folderPrefix + BundleFiles.MANIFEST)));
    }

    private static Optional<Path> plainFolder(URL manifest) {
        if (manifest == null || !"file".equals(manifest.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(manifest.toURI()).getParent());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty(); // not a path this file system knows: copy it out instead
        }
    }

    @Override
    public Optional<byte[]> manifest() throws IOException {
        try (InputStream in = loader.getResourceAsStream(prefix + BundleFiles.MANIFEST)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        }
    }

    @Override
    public InputStream open(String file) throws IOException {
        InputStream in = loader.getResourceAsStream(prefix + file);
        if (in == null) {
            throw new NoSuchFileException(prefix + file);
        }
        return in;
    }

    @Override
    public String toString() {
        return "classpath:" + prefix;
    }
}
