package dev.triage.trainer.training;

/**
 * Which data a model was trained and validated on, as triage.json records it.
 *
 * @param train            the training file's name
 * @param trainSha256      its sha256
 * @param trainExamples    its examples
 * @param validation       the validation file's name
 * @param validationSha256 its sha256
 */
public record DataFingerprint(String train, String trainSha256, int trainExamples, String validation, String validationSha256) {
}
