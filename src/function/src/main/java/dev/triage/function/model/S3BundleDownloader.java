package dev.triage.function.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.core.bundle.BundleFiles;
import dev.triage.core.bundle.BundleManifest;
import dev.triage.core.bundle.InvalidBundleException;
import dev.triage.core.bundle.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Copies a bundle from S3 to local disk, trusting nothing it has not checked: triage.json first
 * (without it there is nothing to check against, so an S3 bundle must have one), then every file it
 * lists, each hashed while it streams and compared with its sha256. Files go to a staging folder that
 * becomes the bundle folder by one atomic rename only when all are verified, so a crash or a bad file
 * never leaves a half-copied bundle where the next start would find it. The folder is named after
 * triage.json's digest: a warm Lambda, or the next one on the same /tmp, downloads a model once.
 */
public final class S3BundleDownloader {

    private final S3Client s3;
    private final Path cacheRoot;
    private final ObjectMapper json;

    public S3BundleDownloader(S3Client s3, Path cacheRoot, ObjectMapper json) {
        this.s3 = s3;
        this.cacheRoot = cacheRoot;
        this.json = json;
    }

    /** Downloads (or finds already downloaded) and verifies; returns the local bundle folder. */
    public Path download(S3BundleUri uri) {
        byte[] manifestBytes = manifest(uri);
        BundleManifest manifest = parseManifest(uri, manifestBytes);
        Path target = cacheRoot.resolve("s3-" + manifest.name() + "-" + manifest.version() + "-"
                + Sha256.of(manifestBytes).substring(0, 16));
        if (Files.isRegularFile(target.resolve(BundleFiles.MANIFEST))) {
            return target; // written last, after every file was verified
        }
        Path staging = cacheRoot.resolve(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            for (Map.Entry<String, String> file : manifest.sha256ByFile().entrySet()) {
                fetchVerified(uri, file.getKey(), file.getValue(), staging.resolve(file.getKey()));
            }
            Files.write(staging.resolve(BundleFiles.MANIFEST), manifestBytes);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // a concurrent start downloaded the same bundle; both copies were verified
            }
            return target;
        } catch (IOException e) {
            throw new ModelLoadException("model bundle " + uri + ": cannot write to " + cacheRoot + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(staging);
        }
    }

    private byte[] manifest(S3BundleUri uri) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(uri.bucket()).key(uri.key(BundleFiles.MANIFEST))).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new ModelLoadException("model bundle " + uri + ": " + BundleFiles.MANIFEST + " is missing; a bundle in S3 "
                    + "must have one, it holds the sha256 every downloaded file is checked against");
        } catch (SdkException e) {
            throw new ModelLoadException("model bundle " + uri + ": cannot read " + BundleFiles.MANIFEST + ": " + e.getMessage(), e);
        }
    }

    private BundleManifest parseManifest(S3BundleUri uri, byte[] bytes) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (IOException e) {
            throw new ModelLoadException("model bundle " + uri + ": " + BundleFiles.MANIFEST + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            BundleManifest manifest = BundleManifest.parse(Path.of(BundleFiles.MANIFEST), root);
            for (String required : BundleFiles.REQUIRED) {
                if (!manifest.sha256ByFile().containsKey(required)) {
                    throw new ModelLoadException("model bundle " + uri + ": " + BundleFiles.MANIFEST + " does not list "
                            + required + " in 'files'; every file of the bundle must have its sha256 listed");
                }
            }
            return manifest;
        } catch (InvalidBundleException e) {
            throw new ModelLoadException("model bundle " + uri + ": " + e.getMessage(), e);
        }
    }

    private void fetchVerified(S3BundleUri uri, String file, String expectedSha256, Path target) throws IOException {
        MessageDigest digest = sha256();
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(uri.bucket()).key(uri.key(file)));
             OutputStream out = new DigestOutputStream(Files.newOutputStream(target), digest)) {
            in.transferTo(out);
        } catch (NoSuchKeyException e) {
            throw new ModelLoadException("model bundle " + uri + ": " + file + " is listed in triage.json but missing ("
                    + uri.key(file) + ")");
        } catch (SdkException e) {
            throw new ModelLoadException("model bundle " + uri + ": cannot download " + file + ": " + e.getMessage(), e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            throw new ModelLoadException("model bundle " + uri + ": " + file + " downloaded with sha256 " + actual
                    + " but triage.json says " + expectedSha256 + ": the file is corrupt or was replaced; nothing was loaded");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover staging folder in /tmp is harmless: it is never mistaken for a bundle
        }
    }

    /** Where downloaded bundles live: $TRIAGE_MODEL_CACHE_DIR, else java.io.tmpdir/triage-models (Lambda: /tmp). */
    public static Path defaultCacheRoot() {
        String configured = System.getenv("TRIAGE_MODEL_CACHE_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "triage-models");
    }

}
