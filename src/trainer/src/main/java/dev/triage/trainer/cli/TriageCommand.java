package dev.triage.trainer.cli;

import dev.triage.core.bundle.InvalidBundleException;
import dev.triage.core.tokens.DjlDefaults;
import dev.triage.trainer.data.DataFormatException;
import dev.triage.trainer.finetune.NonFiniteGradientsException;
import dev.triage.trainer.recipe.RecipeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code triage}: train models, evaluate bundles, classify texts. */
@Command(name = "triage", mixinStandardHelpOptions = true, version = "triage 0.1.0",
        description = "Transformer text classification: train a model, evaluate a bundle, classify texts, quantize a bundle, "
                + "write a teacher's soft targets.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, ClassifyCommand.class, QuantizeCommand.class,
                SoftTargetsCommand.class, BenchmarkTrainingCommand.class, CommandLine.HelpCommand.class})
public final class TriageCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        DjlDefaults.apply(); // before DJL's engine or tokenizer first looks at its environment
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error handling: a problem the user can fix (bad data, recipe or
     * bundle) prints one clear line and exits 1; usage errors exit 2 (picocli's default).
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new TriageCommand());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (exception instanceof DataFormatException || exception instanceof RecipeException
                    || exception instanceof InvalidBundleException || exception instanceof IllegalArgumentException
                    || exception instanceof java.io.IOException || exception instanceof NonFiniteGradientsException) {
                err.println("triage " + cmd.getCommandName() + ": error: " + exception.getMessage());
            } else {
                err.println("triage " + cmd.getCommandName() + ": failed: " + exception);
                exception.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return commandLine;
    }
}
