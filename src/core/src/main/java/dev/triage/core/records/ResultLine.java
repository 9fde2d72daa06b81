package dev.triage.core.records;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of a bulk run's results (JSON Lines), the same for the archive job and
 * {@code triage classify --data}: a label, an error or a skip, for every item and every line of a
 * file of texts, so that nothing read is missing from the results.
 *
 * @param key     the object key (archive) or the file's path under the input (local)
 * @param line    the line in a file of texts; null for an e-mail
 * @param id      the record's own id, where it has one
 * @param label   the top label, or null
 * @param score   its probability, or null
 * @param model   the model, as {@code name@version}, or null
 * @param error   why there is no label, or null
 * @param skipped why the item was not classified again (already tagged by this model), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultLine(String key, Long line, String id, String label, Float score, String model, String error, String skipped) {

    public static ResultLine classified(String key, Long line, String id, String label, float score, String model) {
        return new ResultLine(key, line, id, label, score, model, null, null);
    }

    public static ResultLine failed(String key, Long line, String id, String error) {
        return new ResultLine(key, line, id, null, null, null, error, null);
    }

    public static ResultLine skipped(String key, String why) {
        return new ResultLine(key, null, null, null, null, null, null, why);
    }

    public boolean isFailure() {
        return error != null;
    }

    public boolean isSkip() {
        return skipped != null;
    }
}
