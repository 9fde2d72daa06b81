package dev.triage.testsupport.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each ASL feature maps to the requests AWS documents for it; anything else is refused. */
class AslPermissionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DEFINITION = """
            {"StartAt":"Count","States":{
              "Count":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:s3:listObjectsV2",
                       "Parameters":{"Bucket.$":"$.bucket","Prefix.$":"$.prefix","MaxKeys":1},"Next":"Any"},
              "Any":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":0,"Next":"Each"}],"Default":"None"},
              "None":{"Type":"Pass","End":true},
              "Each":{"Type":"Map","Label":"Each",
                "ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket.$":"$.bucket","Prefix.$":"$.prefix"}},
                "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Call","States":{
                  "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                          "Parameters":{"FunctionName":"arn:aws:lambda:eu-west-1:123456789012:function:f","Payload.$":"$"},"End":true}}},
                "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"results-1","Prefix":"runs"}},
                "End":true}}}""";

    private static AslPermissions.Context context(String input, boolean logging) throws Exception {
        return new AslPermissions.Context("aws", "eu-west-1", "123456789012", "sm", logging, JSON.readTree(input), "job-1");
    }

    private static List<String> requests(String definition, AslPermissions.Context context) throws Exception {
        return AslPermissions.required(JSON.readTree(definition), context).stream()
                .map(r -> r.request().action() + " " + r.request().resource() + (r.request().context().containsKey("s3:prefix")
                        ? " prefix=" + r.request().context().get("s3:prefix").get(0) : ""))
                .toList();
    }

    @Test
    void aDistributedMapOverAPrefixNeedsWhatAwsDocuments() throws Exception {
        assertThat(requests(DEFINITION, context("{\"bucket\":\"mail-1\",\"prefix\":\"incoming/2024/\"}", true))).containsExactlyInAnyOrder(
                "s3:ListBucket arn:aws:s3:::mail-1 prefix=incoming/2024/",
                "states:StartExecution arn:aws:states:eu-west-1:123456789012:stateMachine:sm",
                "states:DescribeExecution arn:aws:states:eu-west-1:123456789012:execution:sm/Each:00000000-0000-0000-0000-000000000001",
                "states:StopExecution arn:aws:states:eu-west-1:123456789012:execution:sm/Each:00000000-0000-0000-0000-000000000001",
                "s3:ListBucket arn:aws:s3:::mail-1 prefix=incoming/2024/",
                "s3:PutObject arn:aws:s3:::results-1/runs/00000000-0000-0000-0000-000000000002/manifest.json",
                "s3:GetObject arn:aws:s3:::results-1/runs/00000000-0000-0000-0000-000000000002/manifest.json",
                "s3:ListMultipartUploadParts arn:aws:s3:::results-1/runs/00000000-0000-0000-0000-000000000002/manifest.json",
                "s3:AbortMultipartUpload arn:aws:s3:::results-1/runs/00000000-0000-0000-0000-000000000002/manifest.json",
                "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:f",
                "logs:CreateLogDelivery *", "logs:GetLogDelivery *", "logs:UpdateLogDelivery *", "logs:DeleteLogDelivery *",
                "logs:ListLogDeliveries *", "logs:PutResourcePolicy *", "logs:DescribeResourcePolicies *", "logs:DescribeLogGroups *");
    }

    @Test
    void anInventoryManifestNeedsTheManifestAndItsDataFiles() throws Exception {
        String definition = DEFINITION.replace("\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\",\"Parameters\":{\"Bucket.$\":\"$.bucket\",\"Prefix.$\":\"$.prefix\"}}",
                "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":{\"InputType\":\"MANIFEST\"},"
                        + "\"Parameters\":{\"Bucket.$\":\"$.manifestBucket\",\"Key.$\":\"$.manifestKey\"}}");
        assertThat(requests(definition, context("{\"bucket\":\"mail-1\",\"prefix\":\"\",\"manifestBucket\":\"inv\","
                + "\"manifestKey\":\"inventory/mail-1/all/2026-11-30T01-00Z/manifest.json\"}", false)))
                .contains("s3:GetObject arn:aws:s3:::inv/inventory/mail-1/all/2026-11-30T01-00Z/manifest.json",
                        "s3:GetObject arn:aws:s3:::inv/inventory/mail-1/all/data/0a1b2c3d-inventory.csv.gz")
                .noneMatch(request -> request.startsWith("logs:"));
    }

    @Test
    void onlyTheBranchesTheInputCanTakeCount() throws Exception {
        String definition = """
                {"StartAt":"Choose","States":{
                  "Choose":{"Type":"Choice","Choices":[
                      {"And":[{"Variable":"$.source","IsPresent":true},{"Variable":"$.source","StringEquals":"prefix"}],"Next":"Count"},
                      {"And":[{"Variable":"$.source","IsPresent":true},{"Variable":"$.source","StringEquals":"csv"}],"Next":"Read"}],
                    "Default":"Bad"},
                  "Bad":{"Type":"Fail"},
                  "Count":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:s3:listObjectsV2",
                           "Parameters":{"Bucket.$":"$.bucket","Prefix.$":"$.prefix","MaxKeys":1},"End":true},
                  "Read":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                          "Parameters":{"FunctionName":"f","Payload.$":"$"},"End":true}}}""";
        assertThat(requests(definition, context("{\"source\":\"csv\",\"bucket\":\"mail-1\",\"prefix\":\"\"}", false)))
                .containsExactly("lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:f");
        assertThat(requests(definition, context("{\"source\":\"prefix\",\"bucket\":\"mail-1\",\"prefix\":\"in/\"}", false)))
                .containsExactly("s3:ListBucket arn:aws:s3:::mail-1 prefix=in/");
        // A rule the input cannot decide (a path an earlier state sets) keeps every branch it could take.
        assertThat(requests(definition.replace("{\"Variable\":\"$.source\",\"StringEquals\":\"prefix\"}", "{\"Variable\":\"$.later\",\"StringEquals\":\"prefix\"}"),
                context("{\"source\":\"csv\",\"bucket\":\"mail-1\",\"prefix\":\"\"}", false))).hasSize(2);
    }

    @Test
    void unmappedFeaturesAndUnresolvedPathsAreRefused() throws Exception {
        AslPermissions.Context context = context("{\"bucket\":\"mail-1\",\"prefix\":\"\"}", false);
        JsonNode sqs = JSON.readTree("{\"StartAt\":\"Send\",\"States\":{\"Send\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage\",\"End\":true}}}");
        assertThatThrownBy(() -> AslPermissions.required(sqs, context)).isInstanceOf(UnmappedCallException.class)
                .hasMessageContaining("state Send calls arn:aws:states:::sqs:sendMessage");
        JsonNode activity = JSON.readTree("{\"StartAt\":\"Odd\",\"States\":{\"Odd\":{\"Type\":\"Activity\"}}}");
        assertThatThrownBy(() -> AslPermissions.required(activity, context)).isInstanceOf(UnmappedCallException.class)
                .hasMessageContaining("type Activity");
        assertThatThrownBy(() -> AslPermissions.required(JSON.readTree(DEFINITION), context("{\"bucket\":\"mail-1\"}", false)))
                .isInstanceOf(UnmappedCallException.class).hasMessageContaining("$.prefix is not in the example execution input");
    }
}
