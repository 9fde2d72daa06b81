package dev.triage.function.aws;

import dev.triage.function.config.TriageConfig;
import dev.triage.s3.S3Clients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The S3 and SQS clients, built on first use only (a {@code classify} Lambda never pays for them).
 * The JDK's URL connection client keeps the Lambda zip small and starts fast; credentials and region
 * come from the SDK's default chains (the Lambda's role and AWS_REGION), or from configuration for a
 * local stand-in, which S3 reaches path-style.
 */
@ApplicationScoped
public class AwsClients {

    @Produces
    @ApplicationScoped
    S3Client s3(TriageConfig config) {
        return S3Clients.create(config.aws().region(), config.aws().s3Endpoint());
    }

    @Produces
    @ApplicationScoped
    SqsClient sqs(TriageConfig config) {
        SqsClientBuilder builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
        config.aws().region().map(Region::of).ifPresent(builder::region);
        config.aws().sqsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes S3Client s3) {
        s3.close();
    }

    void close(@Disposes SqsClient sqs) {
        sqs.close();
    }
}
