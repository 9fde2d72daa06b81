package dev.triage.testsupport.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** An IAM policy document: where it came from, and its statements. */
public record Policy(String name, List<Statement> statements) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Policy parse(String name, String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException("policy " + name + " is not JSON: " + e.getMessage(), e);
        }
        List<Statement> statements = new ArrayList<>();
        JsonNode list = root.path("Statement");
        if (list.isArray()) {
            list.forEach(statement -> statements.add(Statement.parse(statement)));
        } else if (list.isObject()) {
            statements.add(Statement.parse(list));
        }
        return new Policy(name, List.copyOf(statements));
    }

    /** This policy with one action taken out of one statement: the grant a mutation removes. */
    Policy without(int statementIndex, String action) {
        List<Statement> changed = new ArrayList<>(statements);
        Statement reduced = changed.get(statementIndex).without(action);
        if (reduced == null) {
            changed.remove(statementIndex);
        } else {
            changed.set(statementIndex, reduced);
        }
        return new Policy(name, List.copyOf(changed));
    }
}
