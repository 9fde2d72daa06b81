package dev.triage.function.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code classifyArchive} returns to the Distributed Map: counts, where the results are, and the
 * first {@value ResultsFile#MAX_LISTED_FAILURES} failures (each key and reason cut to a bounded length),
 * so the summary stays a few tens of KiB however large the batch, far below Step Functions' 256 KiB
 * state payload limit. Every result, failures included, is in the results object.
 *
 * @param items         items in the batch
 * @param results       result lines written (an e-mail is one; a file of texts one per line)
 * @param failed        result lines that are errors
 * @param skipped       items skipped as already tagged by this model
 * @param resultsObject {@code s3://bucket/key} of the results (JSON Lines)
 * @param failures      the first failures
 */
public record ArchiveSummary(int items, long results, long failed, long skipped, String resultsObject, List<Failure> failures) {

    /** One failure: the item, the line of a file of texts (or null), and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String key, Long line, String reason) {
    }
}
