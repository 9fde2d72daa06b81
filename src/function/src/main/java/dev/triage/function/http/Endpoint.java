package dev.triage.function.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.function.ops.InvocationLog;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One function as {@link ApiGatewayAdapter} serves it: a typed handler, and what HTTP needs to know
 * about it.
 *
 * @param function   the export's name, for the log
 * @param methods    the HTTP methods it answers (the first one is named in 405 errors)
 * @param methodHint what a caller with the wrong method should do ("use POST with a JSON body")
 * @param bodyHint   what to send, where the body is read and was empty; null where the body is not read
 * @param handler    the typed handler: the request (the direct invocation's payload, or the HTTP body
 *                   as JSON) to the answer
 * @param status     the HTTP status of an answer (200, or 503 for a health report that is DOWN)
 * @param done       the log message of an answered request
 * @param <O>        the answer's type
 */
public record Endpoint<O>(String function, List<String> methods, String methodHint, String bodyHint, Handler<O> handler,
                          ToIntFunction<O> status, String done) {

    /** A typed handler: checks the request, answers it, and adds what it learned to the log line. */
    @FunctionalInterface
    public interface Handler<O> {
        O handle(JsonNode request, InvocationLog.Entry log);
    }

    boolean readsBody() {
        return bodyHint != null;
    }
}
