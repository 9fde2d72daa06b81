package dev.triage.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A bundle folder on local disk: nothing to copy, {@link ModelBundle#load} checks it where it lies. */
record FolderBundleSource(Path dir) implements BundleSource {

    @Override
    public Optional<byte[]> manifest() throws IOException {
        Path manifest = dir.resolve(BundleFiles.MANIFEST);
        return Files.isRegularFile(manifest) ? Optional.of(Files.readAllBytes(manifest)) : Optional.empty();
    }

    @Override
    public InputStream open(String file) throws IOException {
        return Files.newInputStream(dir.resolve(file));
    }

    @Override
    public Optional<Path> folder() {
        return Optional.of(dir);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
