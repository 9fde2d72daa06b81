package dev.triage.trainer.storage;

import dev.triage.s3.S3Clients;
import dev.triage.s3.S3Location;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The trainer's S3 transfers: recipes and data in, bundles and checkpoints out. Credentials and
 * region come from the AWS SDK's default chain (an instance or task role on AWS); an endpoint
 * override ({@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL}, or the system properties
 * {@code aws.endpointUrlS3} / {@code aws.endpointUrl}) points it at an S3-compatible store, with
 * path-style addressing. Downloads land under a temporary name first.
 */
public final class S3Storage implements AutoCloseable {

    private final S3Client s3;

    public S3Storage(S3Client s3) {
        this.s3 = s3;
    }

    /** A client from the environment, as the SDK configures one, plus the endpoint override. */
    public static S3Storage fromEnvironment() {
        String endpoint = firstSet(System.getenv("AWS_ENDPOINT_URL_S3"), System.getProperty("aws.endpointUrlS3"),
                System.getenv("AWS_ENDPOINT_URL"), System.getProperty("aws.endpointUrl"));
        return new S3Storage(S3Clients.create(Optional.empty(), Optional.ofNullable(endpoint).map(URI::create)));
    }

    public void download(S3Location object, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(partial);
        try {
            s3.getObject(b -> b.bucket(object.bucket()).key(object.key()), ResponseTransformer.toFile(partial));
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchKeyException e) {
            throw new IOException(object + " does not exist", e);
        } catch (SdkException e) {
            throw new IOException("cannot download " + object + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Downloads every object under a prefix into a folder, keeping relative paths. */
    public void downloadPrefix(S3Location prefix, Path dir) throws IOException {
        S3Location folder = prefix.asPrefix();
        for (S3Object object : list(folder)) {
            String relative = object.key().substring(folder.key().length());
            if (!relative.isEmpty() && !relative.endsWith("/")) {
                download(new S3Location(folder.bucket(), object.key()), dir.resolve(relative));
            }
        }
    }

    /**
     * Uploads a folder's files under a prefix; {@code last} (such as triage.json) goes after all the
     * others, so that a reader who waits for it never sees half a bundle.
     */
    public void uploadFolder(Path dir, S3Location prefix, String last) throws IOException {
        S3Location folder = prefix.asPrefix();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> p.getFileName().toString().equals(last)))
                    .toList();
        }
        for (Path file : files) {
            upload(file, folder.resolve(dir.relativize(file).toString().replace('\\', '/')));
        }
    }

    public void upload(Path file, S3Location object) throws IOException {
        try {
            s3.putObject(b -> b.bucket(object.bucket()).key(object.key()), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IOException("cannot upload " + file + " to " + object + ": " + e.getMessage(), e);
        }
    }

    /** The "sub-folders" directly under a prefix, such as checkpoint folders. */
    public List<String> subfolders(S3Location prefix) throws IOException {
        S3Location folder = prefix.asPrefix();
        List<String> names = new ArrayList<>();
        try {
            String token = null;
            do {
                String continuation = token;
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(folder.bucket())
                        .prefix(folder.key()).delimiter("/").continuationToken(continuation).build());
                for (CommonPrefix common : page.commonPrefixes()) {
                    String name = common.prefix().substring(folder.key().length());
                    names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                }
                token = page.nextContinuationToken();
            } while (token != null);
        } catch (SdkException e) {
            throw new IOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return names;
    }

    /**
     * Whether an object exists, found by listing (s3:ListBucket) rather than reading it: a training
     * job may list the models prefix to check that a version is free without being allowed to read it.
     */
    public boolean exists(S3Location object) throws IOException {
        try {
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(object.bucket())
                    .prefix(object.key()).maxKeys(10).build());
            return page.contents().stream().anyMatch(o -> o.key().equals(object.key()));
        } catch (SdkException e) {
            throw new IOException("cannot list " + object + ": " + e.getMessage(), e);
        }
    }

    public void deletePrefix(S3Location prefix) throws IOException {
        for (S3Object object : list(prefix.asPrefix())) {
            try {
                s3.deleteObject(b -> b.bucket(prefix.bucket()).key(object.key()));
            } catch (SdkException e) {
                throw new IOException("cannot delete s3://" + prefix.bucket() + "/" + object.key() + ": " + e.getMessage(), e);
            }
        }
    }

    private List<S3Object> list(S3Location prefix) throws IOException {
        List<S3Object> objects = new ArrayList<>();
        try {
            String token = null;
            do {
                String continuation = token;
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(prefix.bucket())
                        .prefix(prefix.key()).continuationToken(continuation).build());
                objects.addAll(page.contents());
                token = page.nextContinuationToken();
            } while (token != null);
        } catch (SdkException e) {
            throw new IOException("cannot list " + prefix + ": " + e.getMessage(), e);
        }
        return objects;
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    @Override
    public void close() {
        s3.close();
    }
}
