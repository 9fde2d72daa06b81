package dev.triage.function.standins;

import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The SQS stand-in: ElasticMQ in this JVM, on 127.0.0.1 and a free port. */
public final class ElasticMq implements AutoCloseable {

    private final SQSRestServer server;
    private final URI endpoint;

    private ElasticMq(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    public static ElasticMq start() {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        return new ElasticMq(server, URI.create("http://127.0.0.1:" + port));
    }

    public URI endpoint() {
        return endpoint;
    }

    public SqsClient client() {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A queue whose messages go to {@code deadLetterQueueUrl} after {@code maxReceiveCount} receives. */
    public static String createWithRedrive(SqsClient sqs, String name, String deadLetterQueueUrl, int maxReceiveCount,
                                           int visibilityTimeoutSeconds) {
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterQueueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}",
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibilityTimeoutSeconds)))).queueUrl();
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
