package dev.triage.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class TriageCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "classify", "quantize", "benchmark-training"})
    void everyCommandHasHelp(String command) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = TriageCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        assertThat(commandLine.execute(command, "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: triage " + command);
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = TriageCommand.commandLine();
        commandLine.setErr(new PrintWriter(err));
        assertThat(commandLine.execute("train")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--recipe=<recipe>'");
    }

    @Test
    void aMissingRecipeIsNamed() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = TriageCommand.commandLine();
        commandLine.setErr(new PrintWriter(err));
        assertThat(commandLine.execute("train", "--recipe", "no/such/recipe.json")).isEqualTo(1);
        assertThat(err.toString()).contains("triage train: error: no/such/recipe.json: cannot be read");
    }

    @Test
    void aMissingBundleIsNamed() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = TriageCommand.commandLine();
        commandLine.setErr(new PrintWriter(err));
        assertThat(commandLine.execute("classify", "--bundle", "no-such-bundle", "hello")).isEqualTo(1);
        assertThat(err.toString()).contains("no-such-bundle").contains("does not exist or is not a directory");
    }
}
