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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole check on a small made-up environment: a terraform test log with one role, bindings, and
 * recorded calls. It passes with the grants the calls need, fails naming the call when one is removed,
 * and refuses calls it cannot map.
 */
class ContractCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final String FULL_POLICY = """
            {"Statement":[
              {"Sid":"ReadIncomingMail","Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::mail-1/incoming/*"]},
              {"Sid":"TagIncomingMail","Effect":"Allow","Action":["s3:GetObjectTagging","s3:PutObjectTagging"],"Resource":["arn:aws:s3:::mail-1/incoming/*"]},
              {"Sid":"SendResults","Effect":"Allow","Action":["sqs:SendMessage"],"Resource":["arn:aws:sqs:eu-west-1:123456789012:results"]}]}""";

    private static final String BINDINGS = """
            {"roles":{"mailer":{"policy":"module.f.aws_iam_role_policy.this","role":"module.f.aws_iam_role.this",
                                "function":"module.f.aws_lambda_function.this"}},
             "resourcePolicyTypes":["aws_s3_bucket_policy"],
             "recordings":[{"name":"src/function","directory":"calls","exports":{"classifyEmail":"mailer"},
               "standIns":[{"s3Bucket":"stand-in-mail","roles":["mailer"],"bucket":"module.m.aws_s3_bucket.mail","keyPrefix":"incoming/"},
                           {"sqsQueue":"stand-in-results","roles":["mailer"],"queue":"module.m.aws_sqs_queue.output"}]}]}""";

    private static final List<String> CALLS = List.of(
            "{\"service\":\"S3\",\"operation\":\"GetObject\",\"Bucket\":\"stand-in-mail\",\"Key\":\"a.eml\",\"caller\":\"dev.triage.M.read:1\",\"export\":\"classifyEmail\",\"outcome\":\"ok\"}",
            "{\"service\":\"S3\",\"operation\":\"GetObjectTagging\",\"Bucket\":\"stand-in-mail\",\"Key\":\"a.eml\",\"caller\":\"dev.triage.M.tags:2\",\"export\":\"classifyEmail\",\"outcome\":\"ok\"}",
            "{\"service\":\"S3\",\"operation\":\"PutObjectTagging\",\"Bucket\":\"stand-in-mail\",\"Key\":\"a.eml\",\"caller\":\"dev.triage.M.putTags:3\",\"export\":\"classifyEmail\",\"outcome\":\"ok\"}",
            "{\"service\":\"Sqs\",\"operation\":\"SendMessage\",\"QueueUrl\":\"http://127.0.0.1:9324/000000000000/stand-in-results\",\"caller\":\"dev.triage.P.publish:4\",\"export\":\"classifyEmail\",\"outcome\":\"ok\"}");

    private String run(String policy, List<String> calls, boolean[] passed) throws Exception {
        return run(policy, calls, passed, BINDINGS);
    }

    private String run(String policy, List<String> calls, boolean[] passed, String bindingsJson) throws Exception {
        Path log = dir.resolve("test.log");
        Files.writeString(log, "{\"type\":\"version\"}\n" + stateMessage(policy) + "\n");
        Path bindings = dir.resolve("bindings.json");
        Files.writeString(bindings, bindingsJson);
        Files.createDirectories(dir.resolve("calls"));
        Files.write(dir.resolve("calls/calls-1.jsonl"), calls);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ContractCheck check = new ContractCheck(TerraformState.fromTestLog(log, "contract"), Bindings.read(bindings), dir,
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        passed[0] = check.run();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static String stateMessage(String policy) {
        ObjectNode message = JSON.createObjectNode().put("type", "test_state").put("@testrun", "contract");
        ObjectNode state = message.putObject("test_state");
        state.putObject("provider_schemas").putObject("registry.terraform.io/hashicorp/aws").put("huge", "skipped");
        ObjectNode module = state.putObject("root_module");
        ArrayNode resources = module.putArray("resources");
        resource(resources, "module.f.aws_iam_role_policy.this", "aws_iam_role_policy").put("policy", policy);
        resource(resources, "module.f.aws_iam_role.this", "aws_iam_role").put("arn", "arn:aws:iam::123456789012:role/mailer");
        resource(resources, "module.f.aws_lambda_function.this", "aws_lambda_function");
        ArrayNode children = module.putArray("child_modules");
        ArrayNode nested = children.addObject().putArray("resources");
        resource(nested, "module.m.aws_s3_bucket.mail", "aws_s3_bucket").put("bucket", "mail-1").put("arn", "arn:aws:s3:::mail-1");
        resource(nested, "module.m.aws_sqs_queue.output", "aws_sqs_queue").put("arn", "arn:aws:sqs:eu-west-1:123456789012:results");
        resource(nested, "module.m.aws_s3_bucket_policy.mail", "aws_s3_bucket_policy").put("policy", """
                {"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::mail-1","arn:aws:s3:::mail-1/*"],
                 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""");
        return message.toString();
    }

    private static ObjectNode resource(ArrayNode resources, String address, String type) {
        ObjectNode resource = resources.addObject().put("address", address).put("type", type);
        return resource.putObject("values");
    }

    @Test
    void passesWhenEveryCallIsGrantedAndShowsEachGrantIsNeeded() throws Exception {
        boolean[] passed = new boolean[1];
        String output = run(FULL_POLICY, CALLS, passed);
        assertThat(passed[0]).as(output).isTrue();
        assertThat(output).contains("PASS: IAM contract, calls of src/function's tests: 4 calls recorded (4 distinct), 4 IAM requests for role(s) mailer, all allowed")
                .contains("4 of 4 grants the calls rely on make the check fail")
                .contains("without mailer TagIncomingMail s3:GetObjectTagging: FAILS (S3 GetObjectTagging in dev.triage.M.tags:2 denied s3:GetObjectTagging)");
    }

    @Test
    void failsNamingTheCallWhenAGrantIsMissing() throws Exception {
        boolean[] passed = new boolean[1];
        String output = run(FULL_POLICY.replace("\"s3:GetObjectTagging\",", ""), CALLS, passed);
        assertThat(passed[0]).isFalse();
        assertThat(output).contains("FAIL: IAM contract, calls of src/function's tests")
                .contains("DENIED to role mailer: s3:GetObjectTagging on arn:aws:s3:::mail-1/incoming/a.eml: no Allow statement matches")
                .contains("needed by S3 GetObjectTagging in dev.triage.M.tags:2 (Funqy export classifyEmail), stand-in s3://stand-in-mail/a.eml");
    }

    @Test
    void aVersionedReadNeedsTheVersionedGrant() throws Exception {
        boolean[] passed = new boolean[1];
        String versioned = CALLS.get(0).replace("\"Key\":\"a.eml\"", "\"Key\":\"a.eml\",\"VersionId\":\"3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY\"");
        String output = run(FULL_POLICY, List.of(versioned), passed);
        assertThat(passed[0]).isFalse();
        assertThat(output).contains("DENIED to role mailer: s3:GetObjectVersion on arn:aws:s3:::mail-1/incoming/a.eml");
        run(FULL_POLICY.replace("[\"s3:GetObject\"]", "[\"s3:GetObject\",\"s3:GetObjectVersion\"]"), List.of(versioned), passed);
        assertThat(passed[0]).isTrue();
    }

    @Test
    void aStandInThatMayBeVersionedIsAlsoCheckedWithVersions() throws Exception {
        boolean[] passed = new boolean[1];
        String output = run(FULL_POLICY, CALLS, passed, BINDINGS.replace("\"keyPrefix\":\"incoming/\"}", "\"keyPrefix\":\"incoming/\",\"versioned\":true}"));
        assertThat(passed[0]).isFalse();
        assertThat(output).contains("DENIED to role mailer: s3:GetObjectVersion on arn:aws:s3:::mail-1/incoming/a.eml")
                .contains("needed by S3 GetObject in dev.triage.M.read:1 on a versioned bucket");
    }

    @Test
    void refusesCallsToUnboundStandInsAndUnmappedOperations() throws Exception {
        boolean[] passed = new boolean[1];
        String output = run(FULL_POLICY, List.of(
                "{\"service\":\"S3\",\"operation\":\"GetObject\",\"Bucket\":\"elsewhere\",\"Key\":\"x\",\"caller\":\"dev.triage.N.x:9\",\"outcome\":\"ok\"}",
                "{\"service\":\"S3\",\"operation\":\"RestoreObject\",\"Bucket\":\"stand-in-mail\",\"Key\":\"x\",\"caller\":\"dev.triage.N.y:9\",\"outcome\":\"ok\"}"),
                passed);
        assertThat(passed[0]).isFalse();
        assertThat(output).contains("UNMAPPED S3 GetObject on s3://elsewhere/x (by dev.triage.N.x:9): no stand-in binding for bucket elsewhere")
                .contains("UNMAPPED no IAM mapping for S3 RestoreObject");
    }

    @Test
    void aMissingObjectSeenAs404InTheTestsIsNoted() throws Exception {
        boolean[] passed = new boolean[1];
        String missing = CALLS.get(0).replace("\"outcome\":\"ok\"", "\"outcome\":\"404\",\"errorCode\":\"NoSuchKey\"");
        String output = run(FULL_POLICY, List.of(missing), passed);
        assertThat(passed[0]).isTrue();
        assertThat(output).contains("NOTE S3 GetObject in dev.triage.M.read:1 got 404 in the tests")
                .contains("role(s) mailer get 403 AccessDenied instead");
    }

    @Test
    void saysSkippedWhenNothingWasRecorded() throws Exception {
        boolean[] passed = new boolean[1];
        String output = run(FULL_POLICY, List.of(), passed);
        assertThat(passed[0]).isTrue();
        assertThat(output).startsWith("SKIPPED: IAM contract, calls of src/function's tests: none recorded in calls");
    }
}
