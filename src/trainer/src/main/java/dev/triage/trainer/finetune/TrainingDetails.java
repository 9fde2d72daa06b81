package dev.triage.trainer.finetune;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.triage.trainer.distill.SoftTargets;
import dev.triage.trainer.encoder.PretrainedEncoder;
import dev.triage.trainer.recipe.DistillationSpec;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.recipe.Recipe.FineTuneSpec;
import dev.triage.trainer.training.DataFingerprint;
import java.time.Instant;
import java.util.List;

/**
 * What a fine-tuned bundle's triage.json records of its training: the base model, the data, the
 * settings, the teacher of a distilled model, and how the run went. Bound by Jackson both ways, so the export writes exactly this and
 * nothing picks it apart again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingDetails(String trainingMode, BaseModel baseModel, String pooling, DataFingerprint data, Training training,
                              Distillation distillation, String trainedAt) {

    /** The encoder that was fine-tuned. */
    public record BaseModel(String name, String architecture, int layers, int hiddenSize) {
    }

    /**
     * The settings (as in the recipe) and the run.
     *
     * @param steps                 optimisation steps taken
     * @param bestEpoch             the epoch whose weights were exported (1-based)
     * @param skippedUpdates        updates skipped for non-finite gradients
     * @param skippedUpdateSteps    each of them
     * @param peakResidentMemoryMiB the process's peak resident memory when training ended (VmHWM); null where unknown
     * @param history               one summary per epoch
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Training(int epochs, int batchSize, double learningRate, double weightDecay, double warmupRatio,
                           double maxGradNorm, double dropout, long seed, boolean groupByLength, long steps, int bestEpoch,
                           double bestValidationMacroF1, int skippedUpdates, List<SkippedUpdate> skippedUpdateSteps,
                           Long peakResidentMemoryMiB, List<EpochSummary> history) {
    }

    /**
     * The teacher a distilled model learnt from: the soft-targets file (name and sha256), the
     * teacher it names, and the loss's settings.
     */
    public record Distillation(String softTargets, String softTargetsSha256, String teacher, String teacherModelSha256,
                               double alpha, double temperature) {

        /** @param targets the soft targets the run trained on, as read for it (the file is not read again) */
        static Distillation of(DistillationSpec spec, SoftTargets targets) {
            return new Distillation(spec.softTargets().getFileName().toString(), targets.fileSha256(), targets.teacher(),
                    targets.teacherModelSha256(), spec.alpha(), spec.temperature());
        }
    }

    /** @param distillation the run's teacher, as {@link FineTuneSetup} read it; null for a run that does not distil */
    static TrainingDetails of(Recipe recipe, PretrainedEncoder pretrained, DataFingerprint data, RunState run,
                              Long peakResidentMemoryMiB, Distillation distillation) {
        FineTuneSpec spec = recipe.finetune();
        return new TrainingDetails("finetune",
                new BaseModel(pretrained.name(), pretrained.config().architecture().modelType(), pretrained.config().layers(),
                        pretrained.config().hiddenSize()),
                recipe.pooling(), data,
                new Training(spec.epochs(), spec.batchSize(), spec.learningRate(), spec.weightDecay(), spec.warmupRatio(),
                        spec.maxGradNorm(), spec.dropout(), spec.seed(), spec.groupByLength(), run.step(), run.bestEpoch(),
                        run.bestMacroF1(), run.skippedUpdates().size(), run.skippedUpdates(), peakResidentMemoryMiB, run.history()),
                distillation, Instant.now().toString());
    }
}
