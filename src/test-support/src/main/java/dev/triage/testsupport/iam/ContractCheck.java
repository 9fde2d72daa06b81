package dev.triage.testsupport.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The IAM contract: every AWS call the function's and the trainer's tests recorded must be allowed by
 * the policy Terraform gives the role that runs that code on AWS, and every request Step Functions
 * makes for a state machine's definition ({@link AslPermissions}) by the state machine's role. Reads the state of a mocked
 * {@code terraform test} apply (the rendered policies and resources), the bindings of stand-ins to
 * deployed resources, and the recordings; prints one {@code PASS:}/{@code FAIL:}/{@code SKIPPED:} line
 * per group of recordings (details indented), then shows that removing any one grant the calls rely
 * on makes the check fail. Exit status 0 when every call is allowed, 1 otherwise, 2 for unusable input.
 *
 * <pre>
 * java dev.triage.testsupport.iam.ContractCheck --terraform-test-log LOG --run RUN --bindings FILE --root REPO
 * </pre>
 */
public final class ContractCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A call's decision for one role: what it needed, and IAM's answer. */
    record Evaluation(String role, RecordedCall call, AccessRequest request, PolicyEvaluator.Decision decision) {
    }

    /** A call whose test saw 404 but whose role would get 403 on AWS (no s3:ListBucket). */
    record NotFoundNote(String role, RecordedCall call, AccessRequest needed) {
    }

    private final TerraformState state;
    private final Bindings bindings;
    private final Path root;
    private final PrintStream out;
    private final Map<String, Policy> identityPolicies = new LinkedHashMap<>();
    private final Map<String, String> roleArns = new LinkedHashMap<>();
    private final List<Policy> resourcePolicies = new ArrayList<>();

    ContractCheck(TerraformState state, Bindings bindings, Path root, PrintStream out) {
        this.state = state;
        this.bindings = bindings;
        this.root = root;
        this.out = out;
        bindings.roles().forEach((name, role) -> {
            identityPolicies.put(name, Policy.parse(name + " (" + role.policy() + ")", state.attribute(role.policy(), "policy")));
            roleArns.put(name, state.attribute(role.role(), "arn"));
        });
        state.ofTypes(bindings.resourcePolicyTypes()).forEach((address, values) -> resourcePolicies.add(Policy.parse(address,
                values.path("policy").asText())));
    }

    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--terraform-test-log", "--run", "--bindings", "--root")) {
            if (!options.containsKey(required)) {
                System.err.println("usage: ContractCheck --terraform-test-log LOG --run RUN --bindings FILE --root REPO (missing " + required + ")");
                System.exit(2);
            }
        }
        int status;
        try {
            TerraformState state = TerraformState.fromTestLog(Path.of(options.get("--terraform-test-log")), options.get("--run"));
            Bindings bindings = Bindings.read(Path.of(options.get("--bindings")));
            status = new ContractCheck(state, bindings, Path.of(options.get("--root")), System.out).run() ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            System.out.println("FAIL: IAM contract: cannot evaluate: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    /** Checks every group of recordings and every state machine; true when nothing failed. */
    boolean run() throws IOException {
        boolean ok = true;
        for (Bindings.Recordings recordings : bindings.recordings()) {
            ok &= check(recordings);
        }
        for (Bindings.StateMachine stateMachine : bindings.stateMachines()) {
            ok &= check(stateMachine);
        }
        return ok;
    }

    /**
     * A state machine's role against what Step Functions does with it: the requests
     * {@link AslPermissions} derives from the rendered definition, for each example execution input,
     * evaluated as the recorded calls are, with the same one-grant-at-a-time mutations.
     */
    private boolean check(Bindings.StateMachine stateMachine) {
        String title = "IAM contract, state machine " + stateMachine.name() + " (" + stateMachine.stateMachine() + ")";
        JsonNode values = state.values(stateMachine.stateMachine());
        String arn = values.path("arn").asText();
        String[] parts = arn.split(":");
        if (parts.length != 7 || !parts[2].equals("states") || !parts[5].equals("stateMachine")) {
            out.println("FAIL: " + title + ": its ARN in the state, " + arn + ", is not a state machine ARN (override it in envs/dev/contract)");
            return false;
        }
        JsonNode definition;
        try {
            definition = JSON.readTree(values.path("definition").asText());
        } catch (IOException e) {
            out.println("FAIL: " + title + ": its definition is not JSON: " + e.getMessage());
            return false;
        }
        String level = values.path("logging_configuration").path(0).path("level").asText("OFF");
        List<Evaluation> evaluations = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        for (JsonNode input : stateMachine.executions()) {
            AslPermissions.Context context = new AslPermissions.Context(parts[1], parts[3], parts[4], parts[6], !level.equals("OFF"), input,
                    "archive-example");
            try {
                for (AslPermissions.Requirement requirement : AslPermissions.required(definition, context)) {
                    RecordedCall call = new RecordedCall("States", requirement.feature(), Map.of(), "state " + requirement.state() + ", input "
                            + input, null, "ok", null);
                    evaluations.add(new Evaluation(stateMachine.role(), call, requirement.request(),
                            decide(stateMachine.role(), identityPolicies.get(stateMachine.role()), requirement.request())));
                }
            } catch (UnmappedCallException e) {
                unmapped.add(e.getMessage());
            }
        }
        List<Evaluation> denied = evaluations.stream().filter(e -> !e.decision().allowed()).toList();
        String counts = stateMachine.executions().size() + " example input(s), " + evaluations.size() + " IAM requests for role "
                + stateMachine.role();
        if (denied.isEmpty() && unmapped.isEmpty()) {
            out.println("PASS: " + title + ": " + counts + ", all allowed");
        } else {
            out.println("FAIL: " + title + ": " + counts + ": " + denied.size() + " denied, " + unmapped.size() + " not mappable");
            printDenied(denied);
            unmapped.stream().distinct().forEach(message -> out.println("    UNMAPPED " + message));
        }
        printUnused(new TreeSet<>(List.of(stateMachine.role())), evaluations);
        if (!denied.isEmpty() || !unmapped.isEmpty()) {
            return false;
        }
        mutations(title, evaluations);
        return true;
    }

    private boolean check(Bindings.Recordings recordings) throws IOException {
        Map<RecordedCall, Integer> calls = load(root.resolve(recordings.directory()));
        String title = "IAM contract, calls of " + recordings.name() + "'s tests";
        if (calls.isEmpty()) {
            out.println("SKIPPED: " + title + ": none recorded in " + recordings.directory()
                    + " (its tests did not run in this build, or made no AWS call): its roles' grants are not checked against its code");
            return true;
        }
        List<Evaluation> evaluations = new ArrayList<>();
        List<NotFoundNote> notFound = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        for (RecordedCall call : calls.keySet()) {
            try {
                evaluate(recordings, call, evaluations, notFound);
                Bindings.StandIn standIn = Bindings.standIn(recordings, call);
                if (standIn.versioned() && call.field("Key") != null && call.field("VersionId") == null) {
                    evaluate(recordings, call.onVersionedBucket(), evaluations, notFound);
                }
            } catch (UnmappedCallException | UnsupportedPolicyException e) {
                unmapped.add(e.getMessage());
            }
        }
        List<Evaluation> denied = evaluations.stream().filter(e -> !e.decision().allowed()).toList();
        Set<String> roles = new TreeSet<>();
        evaluations.forEach(e -> roles.add(e.role()));
        int recorded = calls.values().stream().mapToInt(Integer::intValue).sum();
        String counts = recorded + " calls recorded (" + calls.size() + " distinct), " + evaluations.size() + " IAM requests for role(s) "
                + String.join(", ", roles);
        if (denied.isEmpty() && unmapped.isEmpty()) {
            out.println("PASS: " + title + ": " + counts + ", all allowed");
        } else {
            out.println("FAIL: " + title + ": " + counts + ": " + denied.size() + " denied, " + unmapped.size() + " not mappable");
            printDenied(denied);
            unmapped.stream().distinct().forEach(message -> out.println("    UNMAPPED " + message));
        }
        printNotFound(notFound);
        printUnused(roles, evaluations);
        if (!denied.isEmpty() || !unmapped.isEmpty()) {
            return false;
        }
        mutations(title, evaluations);
        return true;
    }

    private void evaluate(Bindings.Recordings recordings, RecordedCall call, List<Evaluation> evaluations, List<NotFoundNote> notFound) {
        Bindings.StandIn standIn = Bindings.standIn(recordings, call);
        for (String roleName : Bindings.rolesOf(recordings, standIn, call)) {
            Bindings.Role role = bindings.roles().get(roleName);
            DeployedResource target = bindings.deployed(standIn, call, role, state);
            for (AccessRequest request : IamActions.required(call, target)) {
                evaluations.add(new Evaluation(roleName, call, request, decide(roleName, identityPolicies.get(roleName), request)));
            }
            if (call.notFound() && target instanceof DeployedResource.S3 s3) {
                AccessRequest needed = IamActions.notFoundNeeds(s3);
                if (!decide(roleName, identityPolicies.get(roleName), needed).allowed()) {
                    notFound.add(new NotFoundNote(roleName, call, needed));
                }
            }
        }
    }

    private PolicyEvaluator.Decision decide(String role, Policy identity, AccessRequest request) {
        return PolicyEvaluator.decide(request, roleArns.get(role), identity, resourcePolicies);
    }

    private void printDenied(List<Evaluation> denied) {
        // One line per role, action and code path; the first resource as the example.
        Map<String, List<Evaluation>> groups = new LinkedHashMap<>();
        for (Evaluation evaluation : denied) {
            groups.computeIfAbsent(evaluation.role() + " " + evaluation.request().action() + " " + evaluation.call().caller(), k -> new ArrayList<>())
                    .add(evaluation);
        }
        groups.values().forEach(group -> {
            Evaluation first = group.get(0);
            out.println("    DENIED to role " + first.role() + ": " + first.request().action() + " on " + first.request().resource()
                    + (group.size() > 1 ? " (and " + (group.size() - 1) + " more like it)" : "") + ": " + first.decision().explain());
            out.println("      needed by " + first.call().api() + " in " + first.call().caller() + (first.call().export() == null ? ""
                    : " (Funqy export " + first.call().export() + ")") + ", stand-in " + first.call().standIn());
        });
    }

    /** One line per code path and bucket, naming every role it concerns. */
    private void printNotFound(List<NotFoundNote> notes) {
        Map<String, Set<String>> roles = new LinkedHashMap<>();
        Map<String, NotFoundNote> first = new LinkedHashMap<>();
        for (NotFoundNote note : notes) {
            String key = note.call().api() + " in " + note.call().caller().replace(" on a versioned bucket", "") + " " + note.needed().resource();
            roles.computeIfAbsent(key, k -> new TreeSet<>()).add(note.role());
            first.putIfAbsent(key, note);
        }
        first.forEach((key, note) -> out.println("    NOTE " + note.call().api() + " in " + note.call().caller().replace(" on a versioned bucket", "")
                + " got 404 in the tests (" + note.call().standIn() + "); on AWS S3 answers 404 only to a role allowed s3:ListBucket on "
                + note.needed().resource() + " (without an s3:prefix condition: a GetObject request carries none), so role(s) "
                + String.join(", ", roles.get(key)) + " get 403 AccessDenied instead: the code must treat both alike"));
    }

    private void printUnused(Set<String> roles, List<Evaluation> evaluations) {
        for (String role : roles) {
            Set<String> used = new LinkedHashSet<>();
            evaluations.stream().filter(e -> e.role().equals(role) && e.decision().allowed() && e.decision().statement() != null)
                    .forEach(e -> used.add(e.decision().statement().label() + " " + matchingPattern(e.decision().statement(), e.request().action())));
            Set<String> unused = new TreeSet<>();
            for (Statement statement : identityPolicies.get(role).statements()) {
                if (statement.allow()) {
                    statement.actions().stream().filter(action -> !used.contains(statement.label() + " " + action))
                            .forEach(action -> unused.add(action + " (" + statement.label() + ")"));
                }
            }
            if (!unused.isEmpty()) {
                out.println("    INFO role " + role + ": grants no recorded call used (AWS uses them for the role, or the tests do not reach them): "
                        + String.join(", ", unused));
            }
        }
    }

    /**
     * Takes out, one at a time, every grant (an action of an Allow statement) that some recorded call
     * was allowed by, and evaluates again: each removal must make a call fail, or the check could not
     * notice a lost grant. A grant that another statement repeats is reported, not failed.
     */
    private void mutations(String title, List<Evaluation> evaluations) {
        Map<String, Evaluation> grants = new LinkedHashMap<>();
        for (Evaluation evaluation : evaluations) {
            PolicyEvaluator.Decision decision = evaluation.decision();
            if (decision.allowed() && identityPolicies.get(evaluation.role()).statements().contains(decision.statement())) {
                String pattern = matchingPattern(decision.statement(), evaluation.request().action());
                grants.putIfAbsent(evaluation.role() + "\u0000" + identityPolicies.get(evaluation.role()).statements().indexOf(decision.statement())
                        + "\u0000" + pattern, evaluation);
            }
        }
        if (grants.isEmpty()) {
            return;
        }
        int caught = 0;
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Evaluation> grant : grants.entrySet()) {
            String[] parts = grant.getKey().split("\u0000");
            String role = parts[0];
            int index = Integer.parseInt(parts[1]);
            Policy identity = identityPolicies.get(role);
            Policy mutated = identity.without(index, parts[2]);
            Evaluation firstDenied = evaluations.stream().filter(e -> e.role().equals(role))
                    .filter(e -> !decide(role, mutated, e.request()).allowed()).findFirst().orElse(null);
            String grantName = role + " " + identity.statements().get(index).label() + " " + parts[2];
            if (firstDenied != null) {
                caught++;
                lines.add("    without " + grantName + ": FAILS (" + firstDenied.call().api() + " in " + firstDenied.call().caller() + " denied "
                        + firstDenied.request().action() + ")");
            } else {
                lines.add("    without " + grantName + ": still passes: another statement grants the same calls (a redundant grant)");
            }
        }
        out.println("PASS: " + title + ": a removed grant is noticed: " + caught + " of " + grants.size()
                + " grants the calls rely on make the check fail when taken out one at a time");
        lines.forEach(out::println);
    }

    private static String matchingPattern(Statement statement, String action) {
        return statement.actions().stream().filter(pattern -> Wildcards.actionMatches(pattern, action)).findFirst().orElse(action);
    }

    /** Distinct recorded calls of a folder of recordings, with how often each was made. */
    static Map<RecordedCall, Integer> load(Path directory) throws IOException {
        Map<RecordedCall, Integer> calls = new LinkedHashMap<>();
        if (!Files.isDirectory(directory)) {
            return calls;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(file -> file.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    calls.merge(RecordedCall.parse(JSON.readTree(line)), 1, Integer::sum);
                }
            }
        }
        return calls;
    }
}
