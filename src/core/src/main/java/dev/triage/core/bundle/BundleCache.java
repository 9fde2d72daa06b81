package dev.triage.core.bundle;

import dev.triage.core.files.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Bundles on local disk, for ONNX Runtime and the tokenizer to read: the one place where a bundle
 * from the class path or S3 is copied to a folder. A folder is named after the sha256 of its
 * triage.json (a new model gets a new folder; a warm Lambda, or the next process on the same /tmp,
 * copies a model once). Its files are copied into a staging folder, each hashed as it streams and
 * checked against triage.json, which is written last; one atomic rename then makes the staging
 * folder the bundle folder. So a folder with a triage.json is complete and verified, a crash or a
 * bad file never leaves half a bundle where the next start would find it, and a concurrent copy of
 * the same bundle is as good as ours. Every byte is hashed once: when copied, never again when loaded.
 */
public final class BundleCache {

    private final Path root;

    public BundleCache(Path root) {
        this.root = root;
    }

    /** {@code java.io.tmpdir/triage-models}: on Lambda /tmp, the only writable place. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "triage-models");
    }

    public Path root() {
        return root;
    }

    /** A source's bundle, loaded and checked; triage.json is read from the source first. */
    public ModelBundle load(BundleSource source) {
        return load(readManifest(source), source);
    }

    /**
     * A source's bundle, from a triage.json already read from it (to check it is the expected one
     * before anything else is read): a folder loads where it lies and is checked there, unless it is
     * part of the deployed application ({@link BundleSource#isDeployedCode()}: its files are checked
     * for presence and read, not hashed); any other source is copied into this cache first, verified
     * as it is copied.
     */
    public ModelBundle load(Optional<byte[]> manifest, BundleSource source) {
        Optional<Path> folder = source.folder();
        if (folder.isPresent()) {
            return source.isDeployedCode() ? ModelBundle.loadVerified(folder.get()) : ModelBundle.load(folder.get());
        }
        byte[] bytes = manifest.orElseThrow(() -> new InvalidBundleException(source.toString(), BundleFiles.MANIFEST, null,
                "is missing; a bundle that is copied (from S3 or a jar) must have one: it holds the sha256 every file is checked against"));
        return ModelBundle.loadVerified(materialize(bytes, source));
    }

    /** triage.json of a source, as {@link BundleSource#manifest()} reads it; a source that cannot be read is named. */
    public static Optional<byte[]> readManifest(BundleSource source) {
        try {
            return source.manifest();
        } catch (IOException e) {
            throw new UncheckedIOException("model bundle " + source + ": cannot read " + BundleFiles.MANIFEST + ": " + e.getMessage(), e);
        }
    }

    /** The folder holding a verified copy of the source's files: found in the cache, or copied now. */
    public Path materialize(byte[] manifestBytes, BundleSource source) {
        String where = source.toString();
        BundleManifest manifest = BundleManifest.parse(where, ModelBundle.parseJson(where, BundleFiles.MANIFEST, manifestBytes));
        manifest.checkListsRequiredFiles(where);
        Path target = root.resolve(manifest.name() + "-" + manifest.version() + "-" + Sha256.of(manifestBytes).substring(0, 16));
        if (Files.isRegularFile(target.resolve(BundleFiles.MANIFEST))) {
            return target; // written last, after every file was verified
        }
        Path staging = root.resolve(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            for (Map.Entry<String, String> file : manifest.sha256ByFile().entrySet()) {
                String actual = copy(source, file.getKey(), staging.resolve(file.getKey()));
                manifest.checkDigest(where, file.getKey(), actual);
            }
            Files.write(staging.resolve(BundleFiles.MANIFEST), manifestBytes);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                // Linux refuses a rename onto a folder that is not empty with a bare FileSystemException
                // ("Directory not empty"), not DirectoryNotEmptyException: what counts is whether a
                // concurrent start has put the same, verified bundle there.
                if (!Files.isRegularFile(target.resolve(BundleFiles.MANIFEST))) {
                    throw e;
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("model bundle " + where + ": cannot copy it into " + root + ": " + e.getMessage(), e);
        } finally {
            deleteStaging(staging);
        }
    }

    private static String copy(BundleSource source, String file, Path target) throws IOException {
        try (InputStream in = source.open(file)) {
            return Sha256.copy(in, target);
        } catch (NoSuchFileException e) {
            throw new InvalidBundleException(source.toString(), file, null, "is listed in triage.json but missing");
        }
    }

    private static void deleteStaging(Path staging) {
        try {
            Folders.deleteRecursively(staging);
        } catch (IOException e) {
            // A leftover staging folder is harmless: without triage.json it is never taken for a bundle.
        }
    }
}
