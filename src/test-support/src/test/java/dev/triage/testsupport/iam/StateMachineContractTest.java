package dev.triage.testsupport.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state machine's role against its rendered definition: passes with the documented grants, shows
 * each one is needed, and fails naming the state and request when one is missing.
 */
class StateMachineContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final String DEFINITION = """
            {"StartAt":"Each","States":{"Each":{"Type":"Map","Label":"Each",
              "ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket.$":"$.bucket","Prefix.$":"$.prefix"}},
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Call","States":{
                "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                        "Parameters":{"FunctionName":"arn:aws:lambda:eu-west-1:123456789012:function:f","Payload.$":"$"},"End":true}}},
              "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"results-1","Prefix":"runs"}},"End":true}}}""";

    private static final String POLICY = """
            {"Statement":[
              {"Sid":"Invoke","Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["arn:aws:lambda:eu-west-1:123456789012:function:f"]},
              {"Sid":"List","Effect":"Allow","Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::mail-1"],"Condition":{"StringLike":{"s3:prefix":["incoming/*"]}}},
              {"Sid":"Results","Effect":"Allow","Action":["s3:PutObject","s3:GetObject","s3:ListMultipartUploadParts","s3:AbortMultipartUpload"],
               "Resource":["arn:aws:s3:::results-1/runs/*"]},
              {"Sid":"Start","Effect":"Allow","Action":["states:StartExecution"],"Resource":["arn:aws:states:eu-west-1:123456789012:stateMachine:sm"]},
              {"Sid":"Children","Effect":"Allow","Action":["states:DescribeExecution","states:StopExecution"],
               "Resource":["arn:aws:states:eu-west-1:123456789012:execution:sm/*"]}]}""";

    private static final String BINDINGS = """
            {"roles":{"job":{"policy":"module.j.aws_iam_role_policy.this","role":"module.j.aws_iam_role.this"}},
             "resourcePolicyTypes":["aws_s3_bucket_policy"],"recordings":[],
             "stateMachines":[{"name":"archive job","role":"job","stateMachine":"module.j.aws_sfn_state_machine.this",
               "executions":[{"source":"prefix","bucket":"mail-1","prefix":"incoming/2024/"}]}]}""";

    private String run(String policy, boolean[] passed) throws Exception {
        ObjectNode message = JSON.createObjectNode().put("type", "test_state").put("@testrun", "contract");
        ArrayNode resources = message.putObject("test_state").putObject("root_module").putArray("resources");
        resources.addObject().put("address", "module.j.aws_iam_role_policy.this").put("type", "aws_iam_role_policy").putObject("values")
                .put("policy", policy);
        resources.addObject().put("address", "module.j.aws_iam_role.this").put("type", "aws_iam_role").putObject("values")
                .put("arn", "arn:aws:iam::123456789012:role/job");
        ObjectNode machine = resources.addObject().put("address", "module.j.aws_sfn_state_machine.this").put("type", "aws_sfn_state_machine")
                .putObject("values").put("arn", "arn:aws:states:eu-west-1:123456789012:stateMachine:sm").put("definition", DEFINITION);
        machine.putArray("logging_configuration").addObject().put("level", "OFF");
        Path log = dir.resolve("test.log");
        Files.writeString(log, message + "\n");
        Path bindings = dir.resolve("bindings.json");
        Files.writeString(bindings, BINDINGS);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ContractCheck check = new ContractCheck(TerraformState.fromTestLog(log, "contract"), Bindings.read(bindings), dir,
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        passed[0] = check.run();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void passesWithTheDocumentedGrantsAndShowsEachIsNeeded() throws Exception {
        boolean[] passed = new boolean[1];
        String output = run(POLICY, passed);
        assertThat(passed[0]).as(output).isTrue();
        assertThat(output).contains("PASS: IAM contract, state machine archive job (module.j.aws_sfn_state_machine.this): 1 example input(s), "
                + "9 IAM requests for role job, all allowed")
                .contains("9 of 9 grants the calls rely on make the check fail")
                .contains("without job Start states:StartExecution: FAILS (States Distributed Map in state Each");
    }

    @Test
    void failsNamingTheStateWhenAGrantIsMissing() throws Exception {
        boolean[] passed = new boolean[1];
        String output = run(POLICY.replace("\"states:DescribeExecution\",", ""), passed);
        assertThat(passed[0]).isFalse();
        assertThat(output).contains("DENIED to role job: states:DescribeExecution on arn:aws:states:eu-west-1:123456789012:execution:sm/Each:")
                .contains("needed by States Distributed Map in state Each");
    }

    @Test
    void aPrefixOutsideTheGrantedOneIsDenied() throws Exception {
        boolean[] passed = new boolean[1];
        String output = run(POLICY.replace("incoming/*", "archive/*"), passed);
        assertThat(passed[0]).isFalse();
        assertThat(output).contains("DENIED to role job: s3:ListBucket on arn:aws:s3:::mail-1");
    }
}
