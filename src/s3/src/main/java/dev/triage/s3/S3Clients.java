package dev.triage.s3;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The S3 client the function and the trainer build alike: the JDK's URL connection client (small,
 * and quick to start), credentials and region from the SDK's default chains unless given, and an
 * S3-compatible store's endpoint reached path-style; uploads plain, not aws-chunked (S3-compatible
 * stores disagree about chunk signatures).
 */
public final class S3Clients {

    private S3Clients() {
    }

    public static S3Client create(Optional<String> region, Optional<URI> endpoint) {
        S3ClientBuilder builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        region.map(Region::of).ifPresent(builder::region);
        endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        return builder.build();
    }
}
