package dev.triage.function.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.function.http.ApiGatewayEvents;
import dev.triage.function.http.HttpErrors;
import dev.triage.function.http.ProxyRequest;
import dev.triage.function.http.ProxyResponse;
import io.quarkus.funqy.Funq;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code health}: SmallRye Health's readiness report (status UP or DOWN, and each check: the model
 * loaded and answering a canary sanely) for a deployed Lambda, where no HTTP server runs. Invoked
 * directly it returns the report; behind API Gateway, {@code GET /health} gets it with 200 when UP
 * and 503 when DOWN.
 */
public class HealthFunction {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SmallRyeHealthReporter reporter;

    @Funq("health")
    public Object health(JsonNode event) {
        SmallRyeHealth readiness = reporter.getReadiness();
        JsonNode report = asJackson(readiness);
        Optional<ProxyRequest> proxy = ApiGatewayEvents.read(event);
        if (proxy.isEmpty()) {
            return report;
        }
        ProxyRequest request = proxy.get();
        if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
            return HttpErrors.error(405, null, "use GET; " + request.method() + " is not allowed on " + request.path(),
                    request.requestId(), Map.of("Allow", "GET, HEAD"));
        }
        return ProxyResponse.json(readiness.isDown() ? 503 : 200, report.toString());
    }

    private static JsonNode asJackson(SmallRyeHealth health) {
        try {
            return JSON.readTree(health.getPayload().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("SmallRye Health wrote a report that is not JSON", e);
        }
    }
}
