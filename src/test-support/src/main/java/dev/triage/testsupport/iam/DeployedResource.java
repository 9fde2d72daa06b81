package dev.triage.testsupport.iam;

/**
 * What a stand-in resource of a test stands for once deployed: an S3 bucket with the key or list
 * prefix the call would use there, or an SQS queue's ARN.
 */
public sealed interface DeployedResource {

    record S3(String partition, String bucket, String key, String prefix) implements DeployedResource {

        String bucketArn() {
            return "arn:" + partition + ":s3:::" + bucket;
        }

        String objectArn() {
            return bucketArn() + "/" + key;
        }
    }

    record Queue(String arn) implements DeployedResource {
    }
}
