package dev.triage.testsupport.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the tests' stand-ins map to what Terraform deploys, and which role runs which code
 * (infra/tests/iam-contract/bindings.json):
 * <ul>
 * <li>{@code roles}: each role's identity policy, role and (for functions) Lambda function, by Terraform address;</li>
 * <li>{@code recordings}: per module whose tests were recorded, the folder of its recordings, the role each
 * Funqy export runs under, and its stand-ins: a bucket that stands for a deployed bucket under a key prefix,
 * a bucket that stands for a function's model bundle (the location in the function's environment), or a
 * queue that stands for a deployed queue, each with the roles whose code uses it.</li>
 * </ul>
 * A call to a stand-in without a binding is refused: every new resource must be bound on purpose.
 */
public final class Bindings {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Role(String name, String policy, String role, String function) {
    }

    /**
     * A stand-in resource and what it stands for. {@code versioned}: the deployed bucket may be
     * versioned (then S3 events name a version and every object call carries it), so each recorded
     * object call is also checked as it would be made on a versioned bucket. {@code standInPrefix}: the key
     * prefix the tests use in the stand-in where the deployed bucket has {@code keyPrefix} (e.g. the
     * archive tests' results/ for the deployed archive-results/).
     */
    public record StandIn(String s3Bucket, String sqsQueue, List<String> roles, String bucket, String keyPrefix, List<String> bundle, String queue,
            boolean versioned, String standInPrefix) {
    }

    public record Recordings(String name, String directory, Map<String, String> exports, List<StandIn> standIns) {
    }

    /**
     * A state machine whose role runs what its definition asks of Step Functions: the role, the
     * state machine's Terraform address, and example execution inputs (one per kind of input the
     * callers send), against which the definition's reference paths are resolved.
     */
    public record StateMachine(String name, String role, String stateMachine, List<JsonNode> executions) {
    }

    private final String partition;
    private final Map<String, Role> roles;
    private final List<String> resourcePolicyTypes;
    private final List<Recordings> recordings;
    private final List<StateMachine> stateMachines;

    private Bindings(String partition, Map<String, Role> roles, List<String> resourcePolicyTypes, List<Recordings> recordings,
            List<StateMachine> stateMachines) {
        this.partition = partition;
        this.roles = roles;
        this.resourcePolicyTypes = resourcePolicyTypes;
        this.recordings = recordings;
        this.stateMachines = stateMachines;
    }

    public static Bindings read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        Map<String, Role> roles = new LinkedHashMap<>();
        root.path("roles").fields().forEachRemaining(role -> roles.put(role.getKey(), new Role(role.getKey(),
                required(role.getValue(), "policy"), required(role.getValue(), "role"), text(role.getValue(), "function"))));
        List<Recordings> recordings = new ArrayList<>();
        for (JsonNode node : root.path("recordings")) {
            Map<String, String> exports = new LinkedHashMap<>();
            node.path("exports").fields().forEachRemaining(export -> exports.put(export.getKey(), export.getValue().asText()));
            List<StandIn> standIns = new ArrayList<>();
            for (JsonNode standIn : node.path("standIns")) {
                List<String> standInRoles = Statement.strings(standIn.get("roles"));
                for (String role : standInRoles) {
                    if (!roles.containsKey(role)) {
                        throw new IllegalArgumentException(file + ": stand-in " + standIn + " names unknown role " + role);
                    }
                }
                standIns.add(new StandIn(text(standIn, "s3Bucket"), text(standIn, "sqsQueue"), standInRoles, text(standIn, "bucket"),
                        standIn.path("keyPrefix").asText(""), standIn.has("bundle") ? Statement.strings(standIn.get("bundle")) : null,
                        text(standIn, "queue"), standIn.path("versioned").asBoolean(false), standIn.path("standInPrefix").asText("")));
            }
            recordings.add(new Recordings(required(node, "name"), required(node, "directory"), exports, standIns));
        }
        List<StateMachine> stateMachines = new ArrayList<>();
        for (JsonNode node : root.path("stateMachines")) {
            String role = required(node, "role");
            if (!roles.containsKey(role)) {
                throw new IllegalArgumentException(file + ": state machine " + node.path("name") + " names unknown role " + role);
            }
            List<JsonNode> executions = new ArrayList<>();
            node.path("executions").forEach(executions::add);
            if (executions.isEmpty()) {
                throw new IllegalArgumentException(file + ": state machine " + node.path("name") + " needs at least one example execution input");
            }
            stateMachines.add(new StateMachine(required(node, "name"), role, required(node, "stateMachine"), executions));
        }
        return new Bindings(root.path("partition").asText("aws"), roles, Statement.strings(root.get("resourcePolicyTypes")), recordings,
                stateMachines);
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException("bindings: " + node + " needs \"" + field + "\"");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public Map<String, Role> roles() {
        return roles;
    }

    public List<String> resourcePolicyTypes() {
        return resourcePolicyTypes;
    }

    public List<Recordings> recordings() {
        return recordings;
    }

    public List<StateMachine> stateMachines() {
        return stateMachines;
    }

    public String partition() {
        return partition;
    }

    /** The stand-in a call used, or an exception naming what to bind. */
    static StandIn standIn(Recordings recordings, RecordedCall call) {
        String queueUrl = call.field("QueueUrl");
        String queue = queueUrl == null ? null : queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
        String bucket = call.field("Bucket");
        for (StandIn standIn : recordings.standIns()) {
            if ((queue != null && queue.equals(standIn.sqsQueue())) || (queue == null && bucket != null && bucket.equals(standIn.s3Bucket()))) {
                return standIn;
            }
        }
        throw new UnmappedCallException(call.api() + " on " + call.standIn() + " (by " + call.caller() + "): no stand-in binding for "
                + (queue != null ? "queue " + queue : bucket != null ? "bucket " + bucket : "a call without bucket or queue")
                + " in the bindings of " + recordings.name() + ": say which deployed resource it stands for and which roles use it");
    }

    /** The roles that run this call: those of its stand-in, and the role of the Funqy export it ran under. */
    static Set<String> rolesOf(Recordings recordings, StandIn standIn, RecordedCall call) {
        Set<String> result = new LinkedHashSet<>(standIn.roles());
        if (call.export() != null) {
            String role = recordings.exports().get(call.export());
            if (role == null) {
                throw new UnmappedCallException(call.api() + " ran under Funqy export " + call.export() + ", which the bindings of "
                        + recordings.name() + " do not map to a role");
            }
            result.add(role);
        }
        return result;
    }

    /** The deployed resource the call would use when run by this role. */
    DeployedResource deployed(StandIn standIn, RecordedCall call, Role role, TerraformState state) {
        if (standIn.sqsQueue() != null) {
            return new DeployedResource.Queue(state.attribute(standIn.queue(), "arn"));
        }
        String key = call.field("Key");
        String prefix = call.field("Prefix");
        if (standIn.bundle() != null) {
            String location = modelLocation(standIn.bundle(), role, state);
            String bucket = location.substring("s3://".length(), location.indexOf('/', "s3://".length()));
            String folder = location.substring(location.indexOf('/', "s3://".length()) + 1);
            // Bundles are flat: a stand-in's bundle file is the deployed bundle's file of the same name.
            return new DeployedResource.S3(partition, bucket, key == null ? null : folder + afterLastSlash(key),
                    prefix == null ? null : folder + afterLastSlash(prefix));
        }
        String bucket = state.attribute(standIn.bucket(), "bucket");
        return new DeployedResource.S3(partition, bucket, key == null ? null : standIn.keyPrefix() + withoutStandInPrefix(standIn, key, call),
                prefix == null ? null : standIn.keyPrefix() + withoutStandInPrefix(standIn, prefix, call));
    }

    private static String withoutStandInPrefix(StandIn standIn, String key, RecordedCall call) {
        if (!key.startsWith(standIn.standInPrefix())) {
            throw new UnmappedCallException(call.api() + " on " + call.standIn() + " (by " + call.caller() + "): the bindings say the tests use keys under "
                    + standIn.standInPrefix() + " in " + standIn.s3Bucket());
        }
        return key.substring(standIn.standInPrefix().length());
    }

    private static String modelLocation(List<String> variables, Role role, TerraformState state) {
        if (role.function() == null) {
            throw new UnmappedCallException("role " + role.name() + " runs no function, so it has no model bundle location");
        }
        JsonNode environment = state.values(role.function()).path("environment").path(0).path("variables");
        for (String variable : variables) {
            if (environment.hasNonNull(variable)) {
                return environment.get(variable).asText();
            }
        }
        throw new UnmappedCallException(role.function() + " sets none of " + variables + ": the role's model bundle is unknown");
    }

    private static String afterLastSlash(String value) {
        return value.substring(value.lastIndexOf('/') + 1);
    }
}
