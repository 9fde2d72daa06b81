package dev.triage.trainer.bulk;

import java.nio.file.Path;

/**
 * One thing to classify: a text (from a file of texts), an e-mail file (parsed by the worker that
 * classifies it, so parsing runs on every core too), or a line that could not be read.
 *
 * @param key   the file, relative to the input where the input is a folder
 * @param line  the line in a file of texts; null for an e-mail
 * @param id    the record's own id, or null
 * @param text  the text, or null
 * @param email the e-mail file, or null
 * @param error why the line could not be read, or null
 */
record BulkItem(String key, Long line, String id, String text, Path email, String error) {
}
