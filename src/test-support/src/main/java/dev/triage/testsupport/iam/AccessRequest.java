package dev.triage.testsupport.iam;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What IAM authorizes for one API call: an action on a resource ARN, with the request's condition keys
 * (names compare case-insensitively, as IAM's do).
 */
public record AccessRequest(String action, String resource, Map<String, List<String>> context) {

    public AccessRequest {
        Map<String, List<String>> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        keys.putAll(context);
        context = keys;
    }

    @Override
    public String toString() {
        return action + " on " + resource + (context.isEmpty() ? "" : " " + context);
    }
}
