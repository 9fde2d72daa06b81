package dev.triage.testsupport.iam;

import java.util.List;

/**
 * IAM's decision for one request by one role of the same account: an explicit Deny in any applicable
 * policy wins; otherwise an Allow in the role's identity policy, or in a resource-based policy that
 * names the role, allows; otherwise the request is denied implicitly. (Same-account requests need an
 * Allow from either side.) Source: IAM User Guide, "Policy evaluation logic".
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {
    }

    public enum Outcome { ALLOWED, IMPLICITLY_DENIED, EXPLICITLY_DENIED }

    /** The decision and the statement that made it (null for an implicit deny). */
    public record Decision(Outcome outcome, String policy, Statement statement) {

        public boolean allowed() {
            return outcome == Outcome.ALLOWED;
        }

        public String explain() {
            return switch (outcome) {
                case ALLOWED -> "allowed by " + policy + " " + statement.label();
                case EXPLICITLY_DENIED -> "denied explicitly by " + policy + " " + statement.label();
                case IMPLICITLY_DENIED -> "no Allow statement matches";
            };
        }
    }

    public static Decision decide(AccessRequest request, String roleArn, Policy identity, List<Policy> resourcePolicies) {
        Decision allow = null;
        for (Policy policy : concat(identity, resourcePolicies)) {
            for (Statement statement : policy.statements()) {
                if (!applies(statement, request, roleArn)) {
                    continue;
                }
                if (!statement.allow()) {
                    return new Decision(Outcome.EXPLICITLY_DENIED, policy.name(), statement);
                }
                if (allow == null) {
                    allow = new Decision(Outcome.ALLOWED, policy.name(), statement);
                }
            }
        }
        return allow != null ? allow : new Decision(Outcome.IMPLICITLY_DENIED, null, null);
    }

    private static boolean applies(Statement statement, AccessRequest request, String roleArn) {
        return statement.namesPrincipal(roleArn) && statement.coversAction(request.action()) && statement.coversResource(request.resource())
                && Conditions.hold(statement.conditions(), request.context());
    }

    private static List<Policy> concat(Policy identity, List<Policy> resourcePolicies) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(identity), resourcePolicies.stream()).toList();
    }
}
