package dev.triage.testsupport.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IAM's rules as the contract check applies them: wildcards, conditions, and Deny over Allow. */
class PolicyEvaluatorTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/triage-dev-classify-email-role";

    private static AccessRequest request(String action, String resource, Map<String, List<String>> context) {
        return new AccessRequest(action, resource, context);
    }

    private static PolicyEvaluator.Decision decide(String identity, AccessRequest request, String... resourcePolicies) {
        List<Policy> resources = java.util.Arrays.stream(resourcePolicies).map(document -> Policy.parse("bucket policy", document)).toList();
        return PolicyEvaluator.decide(request, ROLE, Policy.parse("role", identity), resources);
    }

    @Test
    void actionsMatchWithoutCaseAndWithWildcards() {
        assertThat(Wildcards.actionMatches("s3:GetObject", "s3:getobject")).isTrue();
        assertThat(Wildcards.actionMatches("s3:Get*", "s3:GetObjectTagging")).isTrue();
        assertThat(Wildcards.actionMatches("s3:GetObject", "s3:GetObjectTagging")).as("no implicit prefix match").isFalse();
        assertThat(Wildcards.actionMatches("s3:GetObject?ersion", "s3:GetObjectVersion")).isTrue();
    }

    @Test
    void arnsMatchPartByPartWithTheResourceSpanningSlashesAndColons() {
        assertThat(Wildcards.arnMatches("arn:aws:s3:::mail/incoming/*", "arn:aws:s3:::mail/incoming/a/b c.eml")).isTrue();
        assertThat(Wildcards.arnMatches("arn:aws:s3:::mail/incoming/*", "arn:aws:s3:::mail/outgoing/a.eml")).isFalse();
        assertThat(Wildcards.arnMatches("arn:aws:s3:::mail/incoming/*", "arn:aws:s3:::Mail/incoming/a.eml")).as("case-sensitive").isFalse();
        assertThat(Wildcards.arnMatches("arn:aws:s3:::mail", "arn:aws:s3:::mail/x")).isFalse();
        assertThat(Wildcards.arnMatches("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f:*",
                "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f:log-stream:2026/11/30")).isTrue();
        assertThat(Wildcards.arnMatches("arn:aws:sqs:*:123456789012:results", "arn:aws:sqs:eu-west-1:123456789012:results")).isTrue();
        assertThat(Wildcards.arnMatches("*", "arn:aws:sqs:eu-west-1:123456789012:results")).isTrue();
        assertThatThrownBy(() -> Wildcards.arnMatches("arn:aws:s3:::${aws:username}/*", "arn:aws:s3:::ann/x"))
                .isInstanceOf(UnsupportedPolicyException.class);
    }

    @Test
    void aPrefixConditionAllowsListingOnlyThatPrefix() {
        String policy = """
                {"Statement":[{"Effect":"Allow","Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::models"],
                  "Condition":{"StringLike":{"s3:prefix":["models/spam/1/","models/spam/1/*"]}}}]}""";
        assertThat(decide(policy, request("s3:ListBucket", "arn:aws:s3:::models", Map.of("s3:prefix", List.of("models/spam/1/")))).allowed())
                .isTrue();
        assertThat(decide(policy, request("s3:ListBucket", "arn:aws:s3:::models", Map.of("s3:prefix", List.of("models/spam/2/")))).allowed())
                .isFalse();
        assertThat(decide(policy, request("s3:ListBucket", "arn:aws:s3:::models", Map.of())).allowed())
                .as("a listing without a prefix lists the whole bucket").isFalse();
    }

    @Test
    void absentKeysFailPositiveOperatorsAndSatisfyNegatedOnesAndIfExists() {
        Map<String, List<String>> none = Map.of();
        assertThat(Conditions.hold(Map.of("StringEquals", Map.of("aws:SourceAccount", List.of("1"))), none)).isFalse();
        assertThat(Conditions.hold(Map.of("StringNotEquals", Map.of("aws:SourceAccount", List.of("1"))), none)).isTrue();
        assertThat(Conditions.hold(Map.of("StringEqualsIfExists", Map.of("aws:SourceAccount", List.of("1"))), none)).isTrue();
        assertThat(Conditions.hold(Map.of("Null", Map.of("s3:if-none-match", List.of("true"))), none)).isTrue();
        assertThat(Conditions.hold(Map.of("Null", Map.of("s3:if-none-match", List.of("true"))), Map.of("s3:if-none-match", List.of("*"))))
                .isFalse();
        assertThat(Conditions.hold(Map.of("Bool", Map.of("aws:SecureTransport", List.of("false"))), Map.of("aws:securetransport", List.of("true"))))
                .as("keys compare without case").isFalse();
        assertThatThrownBy(() -> Conditions.hold(Map.of("DateGreaterThan", Map.of("aws:CurrentTime", List.of("2026-01-01"))), none))
                .isInstanceOf(UnsupportedPolicyException.class);
    }

    @Test
    void anExplicitDenyInABucketPolicyWinsOverTheRolesAllow() {
        String identity = """
                {"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::models/models/*"}]}""";
        String writeOnce = """
                {"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::models/models/*",
                  "Condition":{"Null":{"s3:if-none-match":"true"}}},
                 {"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:GetObject","Resource":"*"}]}""";
        AccessRequest plain = request("s3:PutObject", "arn:aws:s3:::models/models/a/1/x", Map.of());
        AccessRequest conditional = request("s3:PutObject", "arn:aws:s3:::models/models/a/1/x", Map.of("s3:if-none-match", List.of("*")));
        assertThat(decide(identity, plain, writeOnce).outcome()).isEqualTo(PolicyEvaluator.Outcome.EXPLICITLY_DENIED);
        assertThat(decide(identity, conditional, writeOnce).allowed()).isTrue();
        assertThat(decide(identity, request("s3:GetObject", "arn:aws:s3:::models/x", Map.of()), writeOnce).allowed())
                .as("a service principal's Allow grants the role nothing").isFalse();
    }

    @Test
    void notActionAndNotResourceInvertTheMatch() {
        String policy = """
                {"Statement":[{"Effect":"Allow","NotAction":"s3:DeleteObject","NotResource":"arn:aws:s3:::secret/*"}]}""";
        assertThat(decide(policy, request("s3:GetObject", "arn:aws:s3:::open/x", Map.of())).allowed()).isTrue();
        assertThat(decide(policy, request("s3:DeleteObject", "arn:aws:s3:::open/x", Map.of())).allowed()).isFalse();
        assertThat(decide(policy, request("s3:GetObject", "arn:aws:s3:::secret/x", Map.of())).allowed()).isFalse();
    }
}
