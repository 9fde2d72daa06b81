package dev.triage.function.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.function.config.TriageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.time.Instant;

/**
 * One JSON line per invocation (or per e-mail) on standard output, which Lambda sends to CloudWatch
 * Logs line by line, where Logs Insights reads the fields without parsing:
 * {@code {"time", "level", "message", "function", "requestId" | "messageId", "model", "label",
 * "score", "latencyMs", ...}}. Texts and subjects are personal data and stay out unless
 * {@code triage.log.include-text} is on.
 */
@ApplicationScoped
public class InvocationLog {

    private final PrintStream out = System.out;

    @Inject
    ObjectMapper json;

    @Inject
    TriageConfig config;

    /** A new line's fields; {@link Entry#write} prints it. */
    public Entry entry(String function) {
        return new Entry(function);
    }

    public final class Entry {
        private final ObjectNode fields = json.createObjectNode();
        private final long start = System.nanoTime();

        private Entry(String function) {
            fields.put("function", function);
        }

        public Entry with(String key, Object value) {
            if (value != null) {
                fields.set(key, json.valueToTree(value));
            }
            return this;
        }

        /** Only where triage.log.include-text is on. */
        public Entry withText(String key, String text) {
            if (config.log().includeText() && text != null) {
                fields.put(key, text.length() > 500 ? text.substring(0, 500) : text);
            }
            return this;
        }

        public void write(String message) {
            print("INFO", message);
        }

        public void writeFailure(String message, Throwable failure) {
            fields.put("error", failure.getClass().getSimpleName() + ": " + failure.getMessage());
            print("WARN", message);
        }

        /** A failure the function cannot go on from (its initialisation), at ERROR. */
        public void writeError(String message, Throwable failure) {
            fields.put("error", failure.getClass().getSimpleName() + ": " + failure.getMessage());
            print("ERROR", message);
        }

        private void print(String level, String message) {
            ObjectNode line = json.createObjectNode();
            line.put("time", Instant.now().toString());
            line.put("level", level);
            line.put("message", message);
            line.setAll(fields);
            line.put("latencyMs", Math.round((System.nanoTime() - start) / 10_000.0) / 100.0);
            try {
                out.println(json.writeValueAsString(line));
            } catch (JsonProcessingException e) {
                out.println("{\"level\":\"ERROR\",\"message\":\"log line not writable as JSON\"}");
            }
        }
    }
}
