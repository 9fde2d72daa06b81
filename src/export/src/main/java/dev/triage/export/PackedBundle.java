package dev.triage.export;

import dev.triage.core.bundle.BundleFiles;
import dev.triage.core.bundle.BundleManifest;
import dev.triage.core.bundle.InvalidBundleException;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.Sha256;
import dev.triage.core.files.Folders;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A bundle in the form it is committed in, for a built-in model: {@code model.onnx.gz},
 * {@code config.json} and the bundle's own {@code triage.json}; the tokenizer is not committed but
 * taken from the encoder's Maven artifact at build time. Unpacking rebuilds the bundle and loads
 * it, which checks every file against the sha256 its triage.json lists, so a build can only ship the
 * exact model that was measured.
 *
 * <p>Usage: {@code PackedBundle pack <bundle-dir> <packed-dir>} or
 * {@code PackedBundle unpack <packed-dir> <tokenizer.json> <out-dir>}.
 */
public final class PackedBundle {

    public static final String MODEL_GZ = BundleFiles.MODEL + ".gz";
    /** Larger than any model a Lambda could hold: a corrupt archive cannot fill the disk. */
    static final long MAX_MODEL_BYTES = 1L << 30;

    private PackedBundle() {
    }

    /** Writes the committed form of a bundle: the model gzipped, config.json and triage.json as they are. */
    public static void pack(Path bundleDir, Path packedDir) throws IOException {
        ModelBundle bundle = ModelBundle.load(bundleDir);
        if (bundle.manifest().isEmpty()) {
            throw new IOException(bundleDir + " has no triage.json: only a bundle with checksums can be packed");
        }
        Files.createDirectories(packedDir);
        Path partial = packedDir.resolve(MODEL_GZ + "." + UUID.randomUUID() + ".part");
        try (InputStream in = Files.newInputStream(bundle.modelFile());
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            in.transferTo(out);
        }
        Files.move(partial, packedDir.resolve(MODEL_GZ), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.copy(bundle.directory().resolve(BundleFiles.CONFIG), packedDir.resolve(BundleFiles.CONFIG),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(bundle.directory().resolve(BundleFiles.MANIFEST), packedDir.resolve(BundleFiles.MANIFEST),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Rebuilds a bundle from its committed form and the tokenizer it was made with.
     *
     * @throws IOException when the tokenizer is not the one the bundle lists, or a file's sha256 differs
     */
    public static ModelBundle unpack(Path packedDir, Path tokenizerJson, Path out) throws IOException {
        BundleManifest manifest = BundleManifest.parse(packedDir, new ObjectMapper().readTree(
                packedDir.resolve(BundleFiles.MANIFEST).toFile()));
        String expectedTokenizer = manifest.sha256ByFile().get(BundleFiles.TOKENIZER);
        String tokenizer = Sha256.of(tokenizerJson);
        if (!tokenizer.equals(expectedTokenizer)) {
            throw new IOException(tokenizerJson + " has sha256 " + tokenizer + ", but " + packedDir.resolve(BundleFiles.MANIFEST)
                    + " was made with a tokenizer.json of sha256 " + expectedTokenizer);
        }
        Path target = out.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path staging = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectories(staging);
        try {
            gunzip(packedDir.resolve(MODEL_GZ), staging.resolve(BundleFiles.MODEL));
            Files.copy(packedDir.resolve(BundleFiles.CONFIG), staging.resolve(BundleFiles.CONFIG));
            Files.copy(tokenizerJson, staging.resolve(BundleFiles.TOKENIZER));
            Files.copy(packedDir.resolve(BundleFiles.MANIFEST), staging.resolve(BundleFiles.MANIFEST));
            try {
                ModelBundle.load(staging); // every file against its sha256 in triage.json
            } catch (InvalidBundleException e) {
                throw new IOException("the bundle unpacked from " + packedDir + " is not the one its triage.json describes: "
                        + e.getMessage(), e);
            }
            Folders.deleteRecursively(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Folders.deleteRecursively(staging);
        }
        return ModelBundle.load(target);
    }

    private static void gunzip(Path gz, Path target) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16);
             OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) > 0) {
                total += read;
                if (total > MAX_MODEL_BYTES) {
                    throw new IOException(gz + " unpacks to more than " + MAX_MODEL_BYTES + " bytes: not a model this project made");
                }
                out.write(buffer, 0, read);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("pack")) {
            pack(Path.of(args[1]), Path.of(args[2]));
            System.out.println("packed " + args[1] + " into " + args[2]);
        } else if (args.length == 4 && args[0].equals("unpack")) {
            ModelBundle bundle = unpack(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            System.out.println("unpacked " + bundle.id() + " in " + bundle.directory() + ", every file's sha256 as triage.json lists");
        } else {
            System.err.println("usage: PackedBundle pack <bundle-dir> <packed-dir>");
            System.err.println("       PackedBundle unpack <packed-dir> <tokenizer.json> <out-dir>");
            System.exit(2);
        }
    }
}
