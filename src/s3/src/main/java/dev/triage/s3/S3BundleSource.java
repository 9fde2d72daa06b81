package dev.triage.s3;

import dev.triage.core.bundle.BundleSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A bundle under an S3 prefix, the same files as a bundle folder, for core's BundleCache to copy
 * and verify. Reads with s3:GetObject only: a missing object is a missing file (S3 answers 404 for
 * it where the role may list the prefix, 403 where it may not; both name the key).
 */
public final class S3BundleSource implements BundleSource {

    private final S3Client s3;
    private final S3Location prefix;

    public S3BundleSource(S3Client s3, S3Location location) {
        this.s3 = s3;
        this.prefix = location.asPrefix();
    }

    @Override
    public Optional<byte[]> manifest() throws IOException {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(prefix.bucket()).key(prefix.resolve("triage.json").key())).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("cannot read " + prefix.resolve("triage.json") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String file) throws IOException {
        S3Location object = prefix.resolve(file);
        try {
            return new SdkFailuresAsIo(s3.getObject(b -> b.bucket(object.bucket()).key(object.key())), object);
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(object.toString());
        } catch (SdkException e) {
            throw new IOException("cannot download " + object + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return prefix.toString();
    }

    /** The SDK may fail a read half-way with its own unchecked exception; the cache handles I/O failures. */
    private static final class SdkFailuresAsIo extends FilterInputStream {
        private final S3Location object;

        SdkFailuresAsIo(InputStream in, S3Location object) {
            super(in);
            this.object = object;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (SdkException e) {
                throw new IOException("cannot download " + object + ": " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (SdkException e) {
                throw new IOException("cannot download " + object + ": " + e.getMessage(), e);
            }
        }
    }
}
