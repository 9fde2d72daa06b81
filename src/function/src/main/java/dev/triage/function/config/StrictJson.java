package dev.triage.function.config;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The function's one ObjectMapper is Quarkus' (Funqy reads every Lambda event with a copy of it, and
 * every class here injects it); this makes it strict, for events and request bodies alike:
 * <ul>
 * <li>a key given twice in one object is an error, not "the last one wins";</li>
 * <li>anything after the document's closing bracket is an error, not ignored;</li>
 * <li>documents nest at most {@value #MAX_DEPTH} levels (a classify request needs 2; API Gateway and
 * SQS events 4), where Jackson's default is 1000;</li>
 * <li>Jackson's own error messages quote at most {@value #MAX_QUOTED} characters of the input.</li>
 * </ul>
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    public static final int MAX_DEPTH = 32;
    static final int MAX_QUOTED = 100;

    @Override
    public void customize(ObjectMapper mapper) {
        configure(mapper);
    }

    /** Applies the rules above to a mapper (what Quarkus does at start-up; tests of plain classes call it). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        mapper.getFactory().setErrorReportConfiguration(ErrorReportConfiguration.builder()
                .maxErrorTokenLength(MAX_QUOTED).maxRawContentLength(MAX_QUOTED).build());
        return mapper;
    }
}
