package dev.triage.function.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.function.http.ApiGatewayAdapter;
import dev.triage.function.http.Endpoint;
import dev.triage.function.ops.InvocationLog;
import io.quarkus.funqy.Funq;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import java.util.List;

/**
 * {@code health}: SmallRye Health's readiness report (status UP or DOWN, and each check: the model
 * loaded and answering a canary sanely) for a deployed Lambda, where no HTTP server runs. Invoked
 * directly it returns the report; behind API Gateway, {@code GET /health} gets it with 200 when UP
 * and 503 when DOWN.
 */
public class HealthFunction {

    @Inject
    SmallRyeHealthReporter reporter;

    @Inject
    ApiGatewayAdapter api;

    private final Endpoint<HealthReport> endpoint = new Endpoint<>("health", List.of("GET", "HEAD"), "use GET", null,
            this::report, report -> report.isDown() ? 503 : 200, "health reported");

    @Funq("health")
    public Object health(JsonNode event) {
        return api.serve(event, endpoint);
    }

    HealthReport report(JsonNode ignored, InvocationLog.Entry log) {
        HealthReport report = HealthReport.of(reporter.getReadiness());
        log.with("health", report.status());
        return report;
    }
}
