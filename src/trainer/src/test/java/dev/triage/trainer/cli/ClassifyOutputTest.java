package dev.triage.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A user of {@code triage classify} sees the answer, and library chatter only when something is wrong. */
class ClassifyOutputTest {

    @Test
    void classifyPrintsTheAnswerAndNothingElse() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = TriageCommand.commandLine().execute("classify", "i feel wonderful today");
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).singleElement()
                .asString().endsWith("| i feel wonderful today");
        assertThat(err.toString(StandardCharsets.UTF_8)).as("standard error (DJL's CUDA probe and engine INFO lines)").isEmpty();
    }
}
