package dev.triage.trainer.cli;

import dev.triage.trainer.encoder.HuggingFaceHub;
import dev.triage.trainer.finetune.FineTuneTrainer;
import dev.triage.trainer.finetune.ThroughputReport;
import dev.triage.trainer.recipe.Recipe;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "benchmark-training", mixinStandardHelpOptions = true,
        description = {"Measures fine-tuning throughput (samples/s, padding included) on a recipe's training data: the "
                + "training loop's own steps without evaluation (unless --validation), checkpoints or export.",
                "With --compare, length-grouped and random batches are timed in the same process, one after the other, "
                        + "so their ratio holds on a noisy machine."})
public final class BenchmarkTrainingCommand implements Callable<Integer> {

    @Option(names = "--recipe", required = true, description = "A fine-tuning recipe, such as models/emotion-minilm-finetuned/recipe.json.")
    Path recipe;

    @Option(names = "--epochs", defaultValue = "1", description = "Whole epochs to time (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps (0: whole epochs).")
    int maxSteps;

    @Option(names = "--random-batches", description = "Time random batches instead of length-grouped ones.")
    boolean randomBatches;

    @Option(names = "--compare", description = "Time length-grouped and random batches, and print the ratio.")
    boolean compare;

    @Option(names = "--validation", description = "Then run one validation pass through the training engine, as at an "
            + "epoch's end, and print its time and the peak resident memory after it.")
    boolean validation;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        Recipe loaded = Recipe.read(recipe);
        FineTuneTrainer trainer = new FineTuneTrainer(runtime.cacheDir(), HuggingFaceHub.fromEnvironment(runtime.cacheDir()),
                runtime.inference(), System.out);
        System.out.printf(Locale.ROOT, "recipe %s, base model %s, batch %d, %d threads%n", loaded.name(), loaded.baseModel(),
                loaded.finetune().batchSize(), Runtime.getRuntime().availableProcessors());
        ThroughputReport first = trainer.benchmark(loaded, epochs, compare || !randomBatches, maxSteps, validation);
        System.out.println(first);
        if (compare) {
            ThroughputReport random = trainer.benchmark(loaded, epochs, false, maxSteps, false);
            System.out.println(random);
            System.out.printf(Locale.ROOT, "length grouping: %.2fx the throughput of random batches%n",
                    first.samplesPerSecond() / random.samplesPerSecond());
        }
        return 0;
    }
}
