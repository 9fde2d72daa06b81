package dev.triage.testsupport.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The IAM requests Step Functions makes with a state machine's role when it runs a definition: one
 * {@link Requirement} per feature of the Amazon States Language used by the states an execution can
 * reach, resolved against an example execution input (reference paths such as
 * {@code "Bucket.$": "$.bucket"} are read from it, and so are the Choice rules it decides).
 * A state type, task resource or item reader not listed here is refused with
 * {@link UnmappedCallException}: a new feature must be mapped, with its documented permissions, before
 * the contract can pass. The list (infra/tests/iam-contract/README.md, "State machines") and its sources:
 * <ul>
 * <li>Map in DISTRIBUTED mode: {@code states:StartExecution} on the state machine itself,
 * {@code states:DescribeExecution} and {@code states:StopExecution} on its child executions
 * ({@code execution:<name>/<map label>:<id>}) ("IAM policies for using Distributed Map states");</li>
 * <li>ItemReader {@code s3:listObjectsV2}: {@code s3:ListBucket} on the bucket, with {@code s3:prefix};
 * ItemReader {@code s3:getObject} (CSV, JSON, JSONL): {@code s3:GetObject} on the object; MANIFEST (S3
 * Inventory): {@code s3:GetObject} on the manifest and on its data files, which S3 Inventory writes under
 * {@code <configuration folder>/data/} (same page; "Amazon S3 Inventory", inventory locations);</li>
 * <li>ResultWriter {@code s3:putObject}: {@code s3:PutObject}, {@code s3:GetObject},
 * {@code s3:ListMultipartUploadParts}, {@code s3:AbortMultipartUpload} on the objects under its prefix
 * (same page);</li>
 * <li>Task {@code lambda:invoke}: {@code lambda:InvokeFunction} on the function ("IAM policies for
 * invoking AWS Lambda"); Task {@code aws-sdk:s3:listObjectsV2}: what the S3 API needs, {@code s3:ListBucket}
 * with {@code s3:prefix} and {@code s3:max-keys} ("AWS SDK service integrations");</li>
 * <li>logging to CloudWatch Logs: {@code logs:CreateLogDelivery}, {@code GetLogDelivery},
 * {@code UpdateLogDelivery}, {@code DeleteLogDelivery}, {@code ListLogDeliveries},
 * {@code PutResourcePolicy}, {@code DescribeResourcePolicies}, {@code DescribeLogGroups}, on {@code *}
 * (they support no resource-level permissions; "Logging using CloudWatch Logs").</li>
 * </ul>
 * Choice, Pass, Succeed, Fail and Wait states need nothing.
 */
public final class AslPermissions {

    /** One request Step Functions makes for one feature of one state. */
    public record Requirement(String state, String feature, AccessRequest request) {
    }

    /** Where the state machine runs: what ARNs and reference paths resolve against. */
    public record Context(String partition, String region, String account, String stateMachineName, boolean logging, JsonNode input,
            String executionName) {

        String stateMachineArn() {
            return "arn:" + partition + ":states:" + region + ":" + account + ":stateMachine:" + stateMachineName;
        }
    }

    static final List<String> LOG_DELIVERY_ACTIONS = List.of("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");

    private AslPermissions() {
    }

    /** Every request the definition makes for this execution input. */
    public static List<Requirement> required(JsonNode definition, Context context) {
        List<Requirement> requirements = new ArrayList<>();
        walk(definition, context, requirements);
        if (context.logging()) {
            for (String action : LOG_DELIVERY_ACTIONS) {
                requirements.add(new Requirement("(state machine)", "logging to CloudWatch Logs", new AccessRequest(action, "*", Map.of())));
            }
        }
        return requirements;
    }

    /**
     * The states an execution with this input can reach from StartAt: a Choice whose rule the input
     * decides follows that rule; one that depends on what earlier states produced (a path not in
     * the input) follows every branch it could take, so the requirements are never fewer than an
     * execution's.
     */
    private static void walk(JsonNode machine, Context context, List<Requirement> out) {
        JsonNode states = machine.path("States");
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(machine.path("StartAt").asText()));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            JsonNode state = states.get(name);
            if (state == null) {
                throw new UnmappedCallException("state " + name + " is named as a next state but not defined");
            }
            state(name, state, context, out);
            if (state.path("Type").asText().equals("Choice")) {
                todo.addAll(choiceTargets(state, context));
            } else if (state.has("Next")) {
                todo.add(state.get("Next").asText());
            }
            state.path("Catch").forEach(handler -> todo.add(handler.path("Next").asText()));
        }
    }

    private enum Truth { TRUE, FALSE, UNKNOWN }

    private static List<String> choiceTargets(JsonNode choice, Context context) {
        List<String> targets = new ArrayList<>();
        for (JsonNode rule : choice.path("Choices")) {
            Truth truth = evaluate(rule, context.input());
            if (truth != Truth.FALSE) {
                targets.add(rule.path("Next").asText());
            }
            if (truth == Truth.TRUE) {
                return targets;
            }
        }
        if (choice.has("Default")) {
            targets.add(choice.get("Default").asText());
        }
        return targets;
    }

    private static Truth evaluate(JsonNode rule, JsonNode input) {
        if (rule.has("And") || rule.has("Or")) {
            boolean and = rule.has("And");
            Truth result = and ? Truth.TRUE : Truth.FALSE;
            for (JsonNode part : rule.get(and ? "And" : "Or")) {
                Truth truth = evaluate(part, input);
                if (truth == (and ? Truth.FALSE : Truth.TRUE)) {
                    return truth;
                }
                if (truth == Truth.UNKNOWN) {
                    result = Truth.UNKNOWN;
                }
            }
            return result;
        }
        if (rule.has("Not")) {
            Truth truth = evaluate(rule.get("Not"), input);
            return truth == Truth.UNKNOWN ? truth : truth == Truth.TRUE ? Truth.FALSE : Truth.TRUE;
        }
        JsonNode value = input;
        String variable = rule.path("Variable").asText("");
        if (!variable.startsWith("$.")) {
            return Truth.UNKNOWN;
        }
        for (String part : variable.substring(2).split("\\.")) {
            value = value.path(part);
        }
        if (value.isMissingNode()) {
            return Truth.UNKNOWN; // set by an earlier state, or absent: either way, not decided here
        }
        if (rule.has("IsPresent")) {
            return rule.get("IsPresent").asBoolean() ? Truth.TRUE : Truth.FALSE;
        }
        if (rule.has("StringEquals")) {
            return value.isTextual() && value.asText().equals(rule.get("StringEquals").asText()) ? Truth.TRUE : Truth.FALSE;
        }
        if (rule.has("BooleanEquals")) {
            return value.isBoolean() && value.asBoolean() == rule.get("BooleanEquals").asBoolean() ? Truth.TRUE : Truth.FALSE;
        }
        if (rule.has("NumericGreaterThan")) {
            return value.isNumber() && value.asDouble() > rule.get("NumericGreaterThan").asDouble() ? Truth.TRUE : Truth.FALSE;
        }
        if (rule.has("NumericEquals")) {
            return value.isNumber() && value.asDouble() == rule.get("NumericEquals").asDouble() ? Truth.TRUE : Truth.FALSE;
        }
        return Truth.UNKNOWN;
    }

    private static void state(String name, JsonNode state, Context context, List<Requirement> out) {
        String type = state.path("Type").asText();
        switch (type) {
            case "Choice", "Pass", "Succeed", "Fail", "Wait" -> {
            }
            case "Task" -> task(name, state, context, out);
            case "Parallel" -> state.path("Branches").forEach(branch -> walk(branch, context, out));
            case "Map" -> map(name, state, context, out);
            default -> throw new UnmappedCallException("state " + name + " has type " + type + ", which " + AslPermissions.class.getName()
                    + " does not map to IAM requests");
        }
    }

    private static void task(String name, JsonNode state, Context context, List<Requirement> out) {
        String resource = integration(state.path("Resource").asText(), context);
        JsonNode parameters = state.path("Parameters");
        switch (resource) {
            case "lambda:invoke" -> out.add(new Requirement(name, "Task lambda:invoke",
                    new AccessRequest("lambda:InvokeFunction", functionArn(resolve(parameters, "FunctionName", context), context), Map.of())));
            case "aws-sdk:s3:listObjectsV2" -> {
                Map<String, List<String>> keys = new java.util.HashMap<>();
                keys.put("s3:prefix", List.of(resolve(parameters, "Prefix", context)));
                if (parameters.has("MaxKeys")) {
                    keys.put("s3:max-keys", List.of(parameters.get("MaxKeys").asText()));
                }
                out.add(new Requirement(name, "Task aws-sdk:s3:listObjectsV2", new AccessRequest("s3:ListBucket",
                        bucketArn(resolve(parameters, "Bucket", context), context), secure(keys))));
            }
            default -> throw new UnmappedCallException("state " + name + " calls " + state.path("Resource").asText() + ", which "
                    + AslPermissions.class.getName() + " does not map to IAM requests: add it with the permissions AWS documents");
        }
    }

    private static void map(String name, JsonNode state, Context context, List<Requirement> out) {
        JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator");
        boolean distributed = "DISTRIBUTED".equals(processor.path("ProcessorConfig").path("Mode").asText("INLINE"));
        if (distributed) {
            String label = state.path("Label").asText(name);
            String children = "arn:" + context.partition() + ":states:" + context.region() + ":" + context.account() + ":execution:"
                    + context.stateMachineName() + "/" + label + ":00000000-0000-0000-0000-000000000001";
            out.add(new Requirement(name, "Distributed Map", new AccessRequest("states:StartExecution", context.stateMachineArn(), Map.of())));
            out.add(new Requirement(name, "Distributed Map", new AccessRequest("states:DescribeExecution", children, Map.of())));
            out.add(new Requirement(name, "Distributed Map", new AccessRequest("states:StopExecution", children, Map.of())));
            if (state.has("ItemReader")) {
                itemReader(name, state.get("ItemReader"), context, out);
            }
            if (state.has("ResultWriter")) {
                resultWriter(name, state.get("ResultWriter"), context, out);
            }
        } else if (state.has("ItemReader") || state.has("ResultWriter")) {
            throw new UnmappedCallException("state " + name + " reads or writes S3 outside DISTRIBUTED mode, which Step Functions does not allow");
        }
        walk(processor, context, out);
    }

    private static void itemReader(String name, JsonNode reader, Context context, List<Requirement> out) {
        String resource = integration(reader.path("Resource").asText(), context);
        JsonNode parameters = reader.path("Parameters");
        String inputType = reader.path("ReaderConfig").path("InputType").asText("");
        String bucket = resolve(parameters, "Bucket", context);
        String feature = "ItemReader " + resource + (inputType.isEmpty() ? "" : " " + inputType);
        if (resource.equals("s3:listObjectsV2")) {
            out.add(new Requirement(name, feature, new AccessRequest("s3:ListBucket", bucketArn(bucket, context),
                    secure(Map.of("s3:prefix", List.of(resolve(parameters, "Prefix", context)))))));
            return;
        }
        if (!resource.equals("s3:getObject") || !List.of("CSV", "JSON", "JSONL", "MANIFEST").contains(inputType)) {
            throw new UnmappedCallException("state " + name + "'s ItemReader " + reader.path("Resource").asText() + " (" + inputType
                    + ") is not mapped in " + AslPermissions.class.getName());
        }
        String key = resolve(parameters, "Key", context);
        String action = parameters.has("VersionId") || parameters.has("VersionId.$") ? "s3:GetObjectVersion" : "s3:GetObject";
        out.add(new Requirement(name, feature, new AccessRequest(action, bucketArn(bucket, context) + "/" + key, secure(Map.of()))));
        if (inputType.equals("MANIFEST")) {
            // <destination prefix>/<source bucket>/<configuration>/<date>/manifest.json lists
            // <destination prefix>/<source bucket>/<configuration>/data/<file>.csv.gz.
            String dateFolder = key.substring(0, Math.max(0, key.lastIndexOf('/')));
            String configurationFolder = dateFolder.substring(0, Math.max(0, dateFolder.lastIndexOf('/')));
            out.add(new Requirement(name, feature + " (inventory data file)", new AccessRequest("s3:GetObject",
                    bucketArn(bucket, context) + "/" + configurationFolder + "/data/0a1b2c3d-inventory.csv.gz", secure(Map.of()))));
        }
    }

    private static void resultWriter(String name, JsonNode writer, Context context, List<Requirement> out) {
        String resource = integration(writer.path("Resource").asText(), context);
        if (!resource.equals("s3:putObject")) {
            throw new UnmappedCallException("state " + name + "'s ResultWriter " + writer.path("Resource").asText() + " is not mapped in "
                    + AslPermissions.class.getName());
        }
        JsonNode parameters = writer.path("Parameters");
        String prefix = parameters.has("Prefix") || parameters.has("Prefix.$") ? resolve(parameters, "Prefix", context) : "";
        String object = bucketArn(resolve(parameters, "Bucket", context), context) + "/" + (prefix.isEmpty() ? "" : prefix + "/")
                + "00000000-0000-0000-0000-000000000002/manifest.json";
        for (String action : List.of("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload")) {
            out.add(new Requirement(name, "ResultWriter s3:putObject", new AccessRequest(action, object, secure(Map.of()))));
        }
    }

    /** "arn:aws:states:::lambda:invoke" -> "lambda:invoke". */
    private static String integration(String resource, Context context) {
        String prefix = "arn:" + context.partition() + ":states:::";
        if (!resource.startsWith(prefix)) {
            throw new UnmappedCallException("resource " + resource + " is not a Step Functions service integration of partition "
                    + context.partition());
        }
        return resource.substring(prefix.length());
    }

    /** A parameter, given as a value or as a reference path ("Name.$") into the input or the context object. */
    static String resolve(JsonNode parameters, String field, Context context) {
        if (parameters.has(field)) {
            return parameters.get(field).asText();
        }
        JsonNode path = parameters.get(field + ".$");
        if (path == null) {
            throw new UnmappedCallException("parameter " + field + " is missing");
        }
        String reference = path.asText();
        if (reference.equals("$$.Execution.Name")) {
            return context.executionName();
        }
        if (!reference.startsWith("$.")) {
            throw new UnmappedCallException("parameter " + field + ".$ = " + reference + ": only $.field paths and $$.Execution.Name are resolved");
        }
        JsonNode value = context.input();
        for (String part : reference.substring(2).split("\\.")) {
            value = value.path(part);
        }
        if (value.isMissingNode() || value.isNull()) {
            throw new UnmappedCallException("parameter " + field + ".$ = " + reference + " is not in the example execution input " + context.input());
        }
        return value.asText();
    }

    private static String functionArn(String function, Context context) {
        return function.startsWith("arn:") ? function
                : "arn:" + context.partition() + ":lambda:" + context.region() + ":" + context.account() + ":function:" + function;
    }

    private static String bucketArn(String bucket, Context context) {
        return "arn:" + context.partition() + ":s3:::" + bucket;
    }

    /** Step Functions calls S3 over TLS: the buckets' TLS-only Deny must not apply. */
    private static Map<String, List<String>> secure(Map<String, List<String>> keys) {
        Map<String, List<String>> all = new java.util.HashMap<>(keys);
        all.put("aws:SecureTransport", List.of("true"));
        return all;
    }
}
