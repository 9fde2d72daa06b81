package dev.triage.core.bundle;

import dev.triage.core.files.ClasspathFiles;
import java.io.IOException;
import java.io.InputStream;
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
        return new ClasspathBundleSource(loader, folderPrefix,
                ClasspathFiles.plainFile(loader, folderPrefix + BundleFiles.MANIFEST).map(Path::getParent));
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

    /** Plain files on the class path are the application's own files; copied out of a jar they are checked as they are copied. */
    @Override
    public boolean isDeployedCode() {
        return folder.isPresent();
    }

    @Override
    public String toString() {
        return "classpath:" + prefix;
    }
}
