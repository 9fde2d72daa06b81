package dev.triage.testsupport.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SDK operations to IAM requests, as the S3 and SQS documentation list them. */
class IamActionsTest {

    private static final DeployedResource.S3 OBJECT = new DeployedResource.S3("aws", "mail", "incoming/a.eml", null);

    private static RecordedCall call(String service, String operation, Map<String, String> fields) {
        return new RecordedCall(service, operation, new LinkedHashMap<>(fields), "dev.triage.X.y:1", null, "ok", null);
    }

    private static List<String> actions(RecordedCall call, DeployedResource target) {
        return IamActions.required(call, target).stream().map(AccessRequest::action).toList();
    }

    @Test
    void objectReadsAndTagsNeedTheVersionedActionWhenAVersionIsNamed() {
        assertThat(actions(call("S3", "GetObject", Map.of()), OBJECT)).containsExactly("s3:GetObject");
        assertThat(actions(call("S3", "HeadObject", Map.of()), OBJECT)).containsExactly("s3:GetObject");
        assertThat(actions(call("S3", "GetObject", Map.of("VersionId", "v1")), OBJECT)).containsExactly("s3:GetObjectVersion");
        assertThat(actions(call("S3", "GetObjectTagging", Map.of("VersionId", "v1")), OBJECT)).containsExactly("s3:GetObjectVersionTagging");
        assertThat(actions(call("S3", "PutObjectTagging", Map.of()), OBJECT)).containsExactly("s3:PutObjectTagging");
        assertThat(actions(call("S3", "PutObjectTagging", Map.of("VersionId", "v1")), OBJECT)).containsExactly("s3:PutObjectVersionTagging");
        assertThat(IamActions.required(call("S3", "GetObject", Map.of()), OBJECT).get(0).resource()).isEqualTo("arn:aws:s3:::mail/incoming/a.eml");
    }

    @Test
    void listingNeedsListBucketOnTheBucketWithThePrefixAsConditionKey() {
        AccessRequest list = IamActions.required(call("S3", "ListObjectsV2", Map.of("Delimiter", "/")),
                new DeployedResource.S3("aws", "models", null, "training/a/1/")).get(0);
        assertThat(list.action()).isEqualTo("s3:ListBucket");
        assertThat(list.resource()).isEqualTo("arn:aws:s3:::models");
        assertThat(list.context()).containsEntry("s3:prefix", List.of("training/a/1/")).containsEntry("s3:delimiter", List.of("/"));
    }

    @Test
    void uploadsWithTagsOrConditionsSayWhatTheyNeed() {
        assertThat(actions(call("S3", "PutObject", Map.of("Tagging", "present")), OBJECT)).containsExactly("s3:PutObject", "s3:PutObjectTagging");
        assertThat(IamActions.required(call("S3", "PutObject", Map.of("IfNoneMatch", "*")), OBJECT).get(0).context())
                .containsEntry("s3:if-none-match", List.of("*"));
        assertThat(actions(call("S3", "AbortMultipartUpload", Map.of()), OBJECT)).containsExactly("s3:AbortMultipartUpload");
    }

    @Test
    void queuesAndUnknownOperations() {
        DeployedResource.Queue queue = new DeployedResource.Queue("arn:aws:sqs:eu-west-1:123456789012:results");
        assertThat(actions(call("Sqs", "SendMessageBatch", Map.of()), queue)).containsExactly("sqs:SendMessage");
        assertThatThrownBy(() -> IamActions.required(call("S3", "RestoreObject", Map.of()), OBJECT))
                .isInstanceOf(UnmappedCallException.class).hasMessageContaining("S3 RestoreObject");
        assertThatThrownBy(() -> IamActions.required(call("Kms", "Decrypt", Map.of()), OBJECT)).isInstanceOf(UnmappedCallException.class);
    }
}
