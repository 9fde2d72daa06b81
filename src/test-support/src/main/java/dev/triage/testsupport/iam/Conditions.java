package dev.triage.testsupport.iam;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Condition element, as IAM evaluates it: every operator block must hold, and within a block every
 * key; a key holds when any of the request's values matches any of the policy's values (for negated
 * operators: when none does). A key absent from the request fails a positive operator and satisfies a
 * negated one or an {@code ...IfExists} one; {@code Null} tests presence itself. Operators this check
 * does not know are refused, so that an unknown condition never passes by accident.
 * Source: IAM User Guide, "IAM JSON policy elements: Condition operators".
 */
final class Conditions {

    private Conditions() {
    }

    static boolean hold(Map<String, Map<String, List<String>>> conditions, Map<String, List<String>> context) {
        for (Map.Entry<String, Map<String, List<String>>> block : conditions.entrySet()) {
            for (Map.Entry<String, List<String>> key : block.getValue().entrySet()) {
                if (!holds(block.getKey(), key.getKey(), key.getValue(), context.get(key.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(String operatorName, String key, List<String> policyValues, List<String> requestValues) {
        String operator = operatorName;
        boolean forAllValues = false;
        if (operator.startsWith("ForAllValues:")) {
            forAllValues = true;
            operator = operator.substring("ForAllValues:".length());
        } else if (operator.startsWith("ForAnyValue:")) {
            operator = operator.substring("ForAnyValue:".length());
        }
        boolean ifExists = operator.endsWith("IfExists");
        if (ifExists) {
            operator = operator.substring(0, operator.length() - "IfExists".length());
        }
        boolean present = requestValues != null && !requestValues.isEmpty();
        if (operator.equals("Null")) {
            boolean expectAbsent = policyValues.stream().anyMatch(value -> value.equalsIgnoreCase("true"));
            return expectAbsent != present;
        }
        boolean negated = operator.contains("Not");
        Matcher matcher = matcher(operator.replace("Not", ""), operatorName, key);
        if (!present) {
            return ifExists || negated || forAllValues;
        }
        if (forAllValues) {
            if (negated) {
                throw new UnsupportedPolicyException("negated set operator " + operatorName + " on " + key + " is not evaluated by this check");
            }
            return requestValues.stream().allMatch(value -> policyValues.stream().anyMatch(pattern -> matcher.matches(pattern, value)));
        }
        boolean any = requestValues.stream().anyMatch(value -> policyValues.stream().anyMatch(pattern -> matcher.matches(pattern, value)));
        return negated != any;
    }

    private interface Matcher {
        boolean matches(String policyValue, String requestValue);
    }

    private static Matcher matcher(String operator, String operatorName, String key) {
        return switch (operator) {
            case "StringEquals" -> String::equals;
            case "StringEqualsIgnoreCase" -> String::equalsIgnoreCase;
            case "StringLike" -> Wildcards::matches;
            case "ArnEquals", "ArnLike" -> Wildcards::arnMatches;
            case "Bool" -> (policy, request) -> policy.toLowerCase(Locale.ROOT).equals(request.toLowerCase(Locale.ROOT));
            case "NumericEquals" -> (policy, request) -> Double.parseDouble(request) == Double.parseDouble(policy);
            case "NumericLessThan" -> (policy, request) -> Double.parseDouble(request) < Double.parseDouble(policy);
            case "NumericLessThanEquals" -> (policy, request) -> Double.parseDouble(request) <= Double.parseDouble(policy);
            case "NumericGreaterThan" -> (policy, request) -> Double.parseDouble(request) > Double.parseDouble(policy);
            case "NumericGreaterThanEquals" -> (policy, request) -> Double.parseDouble(request) >= Double.parseDouble(policy);
            default -> throw new UnsupportedPolicyException("condition operator " + operatorName + " (on " + key + ") is not evaluated by this check");
        };
    }
}
