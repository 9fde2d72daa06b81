package dev.triage.testsupport.iam;

import java.util.Locale;

/**
 * IAM's wildcard rules: {@code *} matches any run of characters (none included), {@code ?} exactly one.
 * Actions compare case-insensitively; ARNs compare case-sensitively, component by component (partition,
 * service, region, account, resource), as the {@code Resource} element and the {@code Arn*} condition
 * operators do. Policy variables ({@code ${aws:username}}) are not evaluated: a policy that uses one is
 * refused rather than guessed at.
 */
final class Wildcards {

    private Wildcards() {
    }

    static boolean matches(String pattern, String value) {
        rejectVariables(pattern);
        return glob(pattern, 0, value, 0);
    }

    static boolean matchesIgnoreCase(String pattern, String value) {
        return matches(pattern.toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT));
    }

    /** An action pattern ({@code s3:Get*}) against an action ({@code s3:GetObject}). */
    static boolean actionMatches(String pattern, String action) {
        return matchesIgnoreCase(pattern, action);
    }

    /** An ARN pattern against an ARN: {@code *} alone matches every resource; otherwise the six parts one by one. */
    static boolean arnMatches(String pattern, String arn) {
        rejectVariables(pattern);
        if (pattern.equals("*")) {
            return true;
        }
        String[] patternParts = pattern.split(":", 6);
        String[] arnParts = arn.split(":", 6);
        if (patternParts.length != 6 || arnParts.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!matches(patternParts[i], arnParts[i])) {
                return false;
            }
        }
        return true;
    }

    private static void rejectVariables(String pattern) {
        if (pattern.contains("${")) {
            throw new UnsupportedPolicyException("policy variables are not evaluated by this check: " + pattern);
        }
    }

    private static boolean glob(String pattern, int p, String value, int v) {
        // Iterative matching with one backtracking point per '*', linear in practice.
        int star = -1;
        int starValue = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                starValue = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++starValue;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
