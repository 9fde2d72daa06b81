package dev.triage.testsupport.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One statement of an IAM policy, as IAM reads it: {@code Action}/{@code NotAction},
 * {@code Resource}/{@code NotResource}, {@code Condition} (operator to key to values), and for
 * resource-based policies {@code Principal}. Single strings and lists are both accepted, as in IAM.
 */
public record Statement(String sid, boolean allow, List<String> actions, List<String> notActions, List<String> resources,
        List<String> notResources, Map<String, Map<String, List<String>>> conditions, JsonNode principal) {

    public static Statement parse(JsonNode node) {
        String effect = node.path("Effect").asText();
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new UnsupportedPolicyException("statement " + node + " has no Effect Allow or Deny");
        }
        Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
        node.path("Condition").fields().forEachRemaining(operator -> {
            Map<String, List<String>> keys = new LinkedHashMap<>();
            operator.getValue().fields().forEachRemaining(key -> keys.put(key.getKey(), strings(key.getValue())));
            conditions.put(operator.getKey(), keys);
        });
        return new Statement(node.path("Sid").asText(""), effect.equals("Allow"), strings(node.get("Action")), strings(node.get("NotAction")),
                strings(node.get("Resource")), strings(node.get("NotResource")), conditions, node.get("Principal"));
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    boolean coversAction(String action) {
        if (!notActions.isEmpty()) {
            return notActions.stream().noneMatch(pattern -> Wildcards.actionMatches(pattern, action));
        }
        return actions.stream().anyMatch(pattern -> Wildcards.actionMatches(pattern, action));
    }

    boolean coversResource(String arn) {
        if (!notResources.isEmpty()) {
            return notResources.stream().noneMatch(pattern -> Wildcards.arnMatches(pattern, arn));
        }
        return resources.stream().anyMatch(pattern -> Wildcards.arnMatches(pattern, arn));
    }

    /**
     * Whether a resource-based policy's statement names this role: {@code "*"}, {@code {"AWS": "*"}} or
     * the role's ARN. Service principals ({@code ses.amazonaws.com}) never name a role.
     */
    boolean namesPrincipal(String roleArn) {
        if (principal == null) {
            return true; // identity-based policy: the principal is the role it is attached to
        }
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        return strings(principal.get("AWS")).stream().anyMatch(value -> value.equals("*") || value.equals(roleArn));
    }

    /** This statement without one action (a removed grant), or null when no action is left. */
    Statement without(String action) {
        List<String> remaining = new ArrayList<>(actions);
        remaining.remove(action);
        return remaining.isEmpty() ? null : new Statement(sid, allow, remaining, notActions, resources, notResources, conditions, principal);
    }

    String label() {
        return sid.isEmpty() ? (allow ? "Allow" : "Deny") + " statement" : sid;
    }
}
