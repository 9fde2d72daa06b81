package dev.triage.trainer.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.trainer.CliRun;
import dev.triage.testsupport.mail.HostileMail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code triage classify --data ... --out ...}, run as a user runs it. */
class BulkClassifyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The command's result and what it printed on standard error (progress and the final line). */
    record Run(CliRun cli, String log) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        CliRun cli;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            cli = CliRun.of(args);
        } finally {
            System.setErr(saved);
        }
        return new Run(cli, err.toString(StandardCharsets.UTF_8));
    }

    static List<JsonNode> results(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void aFolderOfEmailsGetsOneResultEachAndAnUnreadableOneIsCountedNotDropped(@TempDir Path dir) throws IOException {
        Path mail = Files.createDirectories(dir.resolve("mail/spam-1"));
        Files.createDirectories(dir.resolve("mail/ham-1"));
        // Ham as the corpus knows it: a two-line memo alone is taken for spam (the spam card says why).
        Files.writeString(dir.resolve("mail/ham-1/1.eml"), "From: Ann <ann@example.org>\r\nSubject: Re: Minutes of Tuesday's meeting\r\n\r\n"
                + "Hi all,\r\n\r\nthanks for the notes. I looked at the build failure we talked about: the test that times out only "
                + "fails on the old kernel, so I think we can leave it for now and fix it after the release. Bob, could you check "
                + "whether the patch for the config parser went in? I did not see it in CVS yesterday.\r\n\r\n"
                + "Next meeting on Friday at 10, same room.\r\n\r\nAnn\r\n");
        Files.writeString(mail.resolve("2.eml"), "Subject: You WON a prize\r\nContent-Type: text/html\r\n\r\n<html><body><h1>CLICK HERE"
                + "</h1><p>Claim your free prize now, limited offer, act fast!</p></body></html>\r\n");
        Files.write(mail.resolve("3.eml"), HostileMail.HEADER_OVER_1_MIB_FIRST.bytes());
        Files.writeString(dir.resolve("mail/.index"), "not mail: hidden files are left alone");
        Path out = dir.resolve("results.jsonl");

        Run run = run("classify", "--data", dir.resolve("mail").toString(), "--out", out.toString());

        assertThat(run.cli().code()).as(run.cli().err() + run.log()).isEqualTo(3);
        List<JsonNode> results = results(out);
        assertThat(results).extracting(r -> r.path("key").asText()).containsExactly("ham-1/1.eml", "spam-1/2.eml", "spam-1/3.eml");
        assertThat(results.get(0).path("label").asText()).isEqualTo("ham");
        assertThat(results.get(0).path("model").asText()).isEqualTo("spam-minilm-finetuned-int8@1");
        assertThat(results.get(1).path("label").asText()).isEqualTo("spam");
        assertThat(results.get(2).path("error").asText()).contains("3.eml");
        assertThat(run.log()).contains("classify [").contains("3/3");
        assertThat(run.log().strip().lines().reduce((a, b) -> b).orElseThrow())
                .matches("classified 3 e-mails with spam-minilm-finetuned-int8@1 in [0-9.]+ s: [0-9.]+ e-mails/s \\(\\d+ workers x \\d+ intra-op "
                        + "threads, batches of 1\\); 1 failed \\(their lines in the results say why\\); results in .*results.jsonl");
    }

    @Test
    void aJsonLinesFileOfTextsGetsOneResultPerLineInOrderWithBadLinesNamed(@TempDir Path dir) throws IOException {
        Path texts = dir.resolve("tickets.jsonl");
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            content.append(i == 17 ? "{\"text\": broken\n" : "{\"id\": " + i + ", \"text\": \"" + (i % 2 == 0 ? "i feel wonderful today"
                    : "the train is late again and i am furious") + "\"}\n");
        }
        Files.writeString(texts, content);
        Path out = dir.resolve("results.jsonl");

        Run run = run("classify", "--data", texts.toString(), "--out", out.toString(), "--batch-size", "8", "--workers", "2",
                "--threads", "1");

        assertThat(run.cli().code()).as(run.cli().err() + run.log()).isEqualTo(3);
        List<JsonNode> results = results(out);
        assertThat(results).hasSize(40);
        for (int i = 0; i < 40; i++) {
            JsonNode result = results.get(i);
            assertThat(result.path("line").asInt()).isEqualTo(i + 1);
            if (i == 17) {
                assertThat(result.path("error").asText()).startsWith("not valid JSON");
            } else {
                assertThat(result.path("id").asText()).isEqualTo(String.valueOf(i));
                assertThat(result.path("label").asText()).isEqualTo(i % 2 == 0 ? "joy" : "anger");
            }
        }
        assertThat(run.log()).contains("texts/s (2 workers x 1 intra-op threads, batches of 8); 1 failed");
    }

    @Test
    void dataWithoutOutIsRefusedSayingWhy(@TempDir Path dir) {
        Run run = run("classify", "--data", dir.toString());
        assertThat(run.cli().code()).isEqualTo(1);
        assertThat(run.cli().err()).contains("--data and --out go together");
    }
}
