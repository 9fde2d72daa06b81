package dev.triage.function.standins;

import dev.triage.testsupport.S3rver;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * ElasticMQ and s3rver for a Quarkus test application: started before it, their endpoints handed to
 * it as configuration, stopped after. The mail pipeline's queues and bucket are created here:
 * {@value #INPUT_QUEUE} (visibility 1 s, dead-lettered to {@value #DEAD_LETTER_QUEUE} after
 * {@value #MAX_RECEIVE_COUNT} receives), {@value #OUTPUT_QUEUE}, and the buckets {@value #MAIL_BUCKET}, {@value #MODEL_BUCKET}, {@value #ARCHIVE_BUCKET} and
 * {@value #ARCHIVE_RESULTS_BUCKET}.
 */
public class AwsStandIns implements QuarkusTestResourceLifecycleManager {

    public static final String MAIL_BUCKET = "triage-mail";
    public static final String MODEL_BUCKET = "triage-models";
    /** An archive's stored items, and where classifyArchive writes its results. */
    public static final String ARCHIVE_BUCKET = "triage-archive";
    public static final String ARCHIVE_RESULTS_BUCKET = "triage-archive-results";
    public static final String INPUT_QUEUE = "triage-mail-events";
    public static final String DEAD_LETTER_QUEUE = "triage-mail-events-dlq";
    public static final String OUTPUT_QUEUE = "triage-results";
    public static final int MAX_RECEIVE_COUNT = 3;

    private static ElasticMq elasticMq;
    private static S3rver s3rver;
    private static S3Client s3;
    private static SqsClient sqs;
    private static String inputQueueUrl;
    private static String deadLetterQueueUrl;
    private static String outputQueueUrl;

    @Override
    public Map<String, String> start() {
        elasticMq = ElasticMq.start();
        s3rver = S3rver.start();
        sqs = elasticMq.client();
        s3 = s3rver.client();
        deadLetterQueueUrl = sqs.createQueue(b -> b.queueName(DEAD_LETTER_QUEUE)).queueUrl();
        inputQueueUrl = ElasticMq.createWithRedrive(sqs, INPUT_QUEUE, deadLetterQueueUrl, MAX_RECEIVE_COUNT, 1);
        outputQueueUrl = sqs.createQueue(b -> b.queueName(OUTPUT_QUEUE)).queueUrl();
        s3.createBucket(b -> b.bucket(MAIL_BUCKET));
        s3.createBucket(b -> b.bucket(MODEL_BUCKET));
        s3.createBucket(b -> b.bucket(ARCHIVE_BUCKET));
        s3.createBucket(b -> b.bucket(ARCHIVE_RESULTS_BUCKET));
        return Map.of(
                "triage.aws.region", "us-east-1",
                "triage.aws.s3-endpoint", s3rver.endpoint().toString(),
                "triage.aws.sqs-endpoint", elasticMq.endpoint().toString(),
                "triage.email.output-queue-url", outputQueueUrl,
                "triage.archive.results-bucket", ARCHIVE_RESULTS_BUCKET);
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (s3rver != null) {
            s3rver.close();
        }
        if (elasticMq != null) {
            elasticMq.close();
        }
    }

    public static S3Client s3() {
        return s3;
    }

    public static SqsClient sqs() {
        return sqs;
    }

    public static String inputQueueUrl() {
        return inputQueueUrl;
    }

    public static String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    public static String outputQueueUrl() {
        return outputQueueUrl;
    }
}
