package dev.triage.trainer.finetune;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.export.transformer.TransformerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a fine-tuning run stands, in the role Hugging Face's {@code TrainerState} plays: a typed,
 * serialisable record, written to each checkpoint's {@code state.json} and read back on resume.
 * It also names the model it belongs to (encoder configuration, labels, pooling), so that a
 * checkpoint resumes only the same model.
 *
 * @param format        {@value #FORMAT}
 * @param step          optimisation steps completed
 * @param epoch         the 0-based epoch the run is in (the number of epochs completed at an epoch's end)
 * @param batchInEpoch  batches of {@code epoch} already trained on
 * @param bestEpoch     the 1-based epoch with the best validation macro-F1 so far; 0 before the first evaluation
 * @param bestMacroF1   its validation macro-F1; -1 before the first evaluation
 * @param recipe        the recipe's name
 * @param encoder       the encoder's Hugging Face configuration
 * @param history       one summary per completed epoch
 * @param skippedUpdates every update skipped for non-finite gradients
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunState(String format, long step, int epoch, int batchInEpoch, int bestEpoch, double bestMacroF1, String recipe,
                       JsonNode encoder, List<String> labels, String pooling, List<EpochSummary> history,
                       List<SkippedUpdate> skippedUpdates) {

    public static final String FORMAT = "triage-checkpoint/1";

    public RunState {
        labels = labels == null ? List.of() : List.copyOf(labels);
        history = history == null ? List.of() : List.copyOf(history);
        skippedUpdates = skippedUpdates == null ? List.of() : List.copyOf(skippedUpdates); // checkpoints before the count existed
    }

    /** A run that has not taken a step. */
    public static RunState start(String recipe, TransformerConfig encoder, List<String> labels, String pooling) {
        return new RunState(FORMAT, 0, 0, 0, 0, -1, recipe, encoder.toJson(), labels, pooling, List.of(), List.of());
    }

    /** The encoder configuration this run trains. */
    public TransformerConfig encoderConfig() {
        return TransformerConfig.parse(encoder);
    }

    /** After one more step, which was the {@code batchInEpoch}-th batch of {@code epoch}. */
    RunState stepped(int epoch, int batchInEpoch) {
        return new RunState(format, step + 1, epoch, batchInEpoch, bestEpoch, bestMacroF1, recipe, encoder, labels, pooling,
                history, skippedUpdates);
    }

    RunState skipped(SkippedUpdate update) {
        List<SkippedUpdate> more = new ArrayList<>(skippedUpdates);
        more.add(update);
        return new RunState(format, step, epoch, batchInEpoch, bestEpoch, bestMacroF1, recipe, encoder, labels, pooling,
                history, more);
    }

    /** At an epoch's end, with its summary; the best epoch moves when its macro-F1 is higher. */
    RunState epochEnded(EpochSummary summary) {
        List<EpochSummary> more = new ArrayList<>(history);
        more.add(summary);
        boolean better = summary.validationMacroF1() > bestMacroF1;
        return new RunState(format, step, summary.epoch(), 0, better ? summary.epoch() : bestEpoch,
                better ? summary.validationMacroF1() : bestMacroF1, recipe, encoder, labels, pooling, more, skippedUpdates);
    }

    /** Whether the last epoch ended was the best so far. */
    boolean lastEpochIsBest() {
        return !history.isEmpty() && bestEpoch == history.get(history.size() - 1).epoch();
    }

    /** How many of the updates just before this state were skipped, one after another. */
    int skippedInARow() {
        int count = 0;
        for (int i = skippedUpdates.size() - 1; i >= 0 && skippedUpdates.get(i).step() == step - count; i--) {
            count++;
        }
        return count;
    }
}
