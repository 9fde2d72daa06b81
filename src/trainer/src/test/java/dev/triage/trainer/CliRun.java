package dev.triage.trainer;

import dev.triage.trainer.cli.TriageCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs the {@code triage} command line in-process, as a user would from a shell, and captures its
 * exit code, standard output and error output.
 */
public record CliRun(int code, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        CommandLine commandLine = TriageCommand.commandLine();
        commandLine.setErr(new PrintWriter(err));
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = commandLine.execute(args);
        } finally {
            System.setOut(saved);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }
}
