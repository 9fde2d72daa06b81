package dev.triage.function.classify;

import java.util.List;

/**
 * A validated classify request.
 *
 * @param texts the texts, at least one
 * @param batch whether the caller sent {@code texts} (answered with {@code results}) or {@code text}
 * @param topK  how many labels to return per text
 */
public record ClassifyRequest(List<String> texts, boolean batch, int topK) {
}
