package dev.triage.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.BundleFiles;
import dev.triage.core.bundle.BundleManifest;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.files.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A bundle written but not yet published ({@link BundleWriter#stage}): its files sit in a staging
 * folder beside the target, where it can be opened, checked and evaluated (a report folder written
 * into {@link #directory()} travels with it). {@link #publish} writes triage.json once, with the
 * measurements, and moves the folder into place; closing an unpublished bundle deletes it.
 */
public final class StagedBundle implements AutoCloseable {

    private final Path staging;
    private final Path target;
    private final BundleManifest manifest;
    private boolean published;

    StagedBundle(Path staging, Path target, BundleManifest manifest) {
        this.staging = staging;
        this.target = target;
        this.manifest = manifest;
    }

    /** The staging folder. */
    public Path directory() {
        return staging;
    }

    /** The staged bundle, ready to open, with the manifest it will be published with. */
    public ModelBundle bundle() {
        return ModelBundle.staged(staging, manifest);
    }

    /**
     * Writes triage.json (the spec's details with {@code measured} merged over them), moves the
     * folder into place (replacing an earlier bundle there) and loads it back to prove it valid.
     */
    public ModelBundle publish(ObjectNode measured) throws IOException {
        if (published) {
            throw new IllegalStateException("already published to " + target);
        }
        ObjectNode details = manifest.details();
        details.setAll(measured.deepCopy());
        BundleManifest complete = new BundleManifest(manifest.name(), manifest.version(), manifest.maxSequenceLength(),
                manifest.sha256ByFile(), details);
        BundleWriter.JSON.writeValue(staging.resolve(BundleFiles.MANIFEST).toFile(), complete.toJson());
        BundleWriter.refuseToOverwriteForeignFolder(target);
        Folders.deleteRecursively(target);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        published = true;
        return ModelBundle.load(target);
    }

    @Override
    public void close() throws IOException {
        if (!published) {
            Folders.deleteRecursively(staging);
        }
    }
}
