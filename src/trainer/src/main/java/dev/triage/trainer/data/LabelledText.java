package dev.triage.trainer.data;

/**
 * One training or evaluation example.
 *
 * @param text   the text to classify
 * @param label  its gold label's name
 * @param source where it came from, {@code file:line}, for error messages and error analysis
 */
public record LabelledText(String text, String label, String source) {
}
