package dev.triage.function.config;

import dev.triage.core.labels.LabelScore;
import dev.triage.core.records.ResultLine;
import dev.triage.function.archive.ArchiveSummary;
import dev.triage.function.classify.ClassifyResponse;
import dev.triage.function.email.EmailError;
import dev.triage.function.email.EmailResult;
import dev.triage.function.health.HealthReport;
import dev.triage.function.http.ErrorResponse;
import dev.triage.function.http.ProxyResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every type the function writes as JSON, in one list, for the native flavour: Funqy registers a
 * function's declared types, but {@code classify} and {@code health} return either their answer or a
 * proxy response, e-mail results go to SQS and archive results to S3, so Jackson meets these by reflection alone.
 */
@RegisterForReflection(targets = {ClassifyResponse.class, LabelScore.class, ProxyResponse.class, ErrorResponse.class,
        ErrorResponse.Error.class, HealthReport.class, HealthReport.Check.class, EmailResult.class, EmailError.class,
        ArchiveSummary.class, ArchiveSummary.Failure.class, ResultLine.class})
final class JsonTypes {

    private JsonTypes() {
    }
}
