package dev.triage.trainer.finetune;

import dev.triage.trainer.training.TrainingResult;
import java.nio.file.Path;

/** How a fine-tuning run ended: trained to the end and exported, or stopped early as asked. */
public sealed interface FineTuneOutcome {

    /** The run trained every epoch; its best epoch was exported and evaluated. */
    record Exported(TrainingResult result) implements FineTuneOutcome {
    }

    /**
     * The run stopped before its end, as {@code stopAfterSteps} asked; it continues with --resume.
     *
     * @param step       the steps completed
     * @param checkpoint the newest checkpoint, which a resumed run starts from; null when none was written
     */
    record StoppedEarly(long step, Path checkpoint) implements FineTuneOutcome {

        @Override
        public TrainingResult result() {
            throw new IllegalStateException("the run stopped early at step " + step + ": nothing was exported");
        }
    }

    /** The exported model's result; an error for a run that stopped early. */
    TrainingResult result();

    default boolean exported() {
        return this instanceof Exported;
    }
}
