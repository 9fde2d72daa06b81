package dev.triage.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every 10th message of every group of the SpamAssassin corpus, read in place from ../shared: each
 * parses, and nearly all give the classifier some text. Skipped where the corpus is absent.
 */
class SpamAssassinCorpusTest {

    static Path corpus() {
        Path root = Path.of(System.getProperty("shared.dir", "../../shared"), "datasets", "spamassassin");
        assumeTrue(Files.isDirectory(root), "SpamAssassin corpus not found at " + root.toAbsolutePath()
                + ": skipped (it lives in ../shared/datasets, outside the repository)");
        return root;
    }

    @Test
    void aSampleOfEveryGroupParsesToText() throws IOException {
        Path root = corpus();
        EmailParser parser = new EmailParser();
        int parsed = 0;
        int withText = 0;
        int withSubject = 0;
        int headersInBody = 0;
        List<String> cut = new java.util.ArrayList<>();
        for (String group : List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2")) {
            List<Path> files;
            try (Stream<Path> list = Files.list(root.resolve(group))) {
                files = list.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
            }
            for (int i = 0; i < files.size(); i += 10) {
                try (InputStream in = Files.newInputStream(files.get(i))) {
                    EmailContent email = parser.parse(in);
                    parsed++;
                    if (!email.cuts().isEmpty()) {
                        cut.add(files.get(i).getFileName() + ": " + email.cuts());
                    }
                    if (!email.subject().isBlank()) {
                        withSubject++;
                    }
                    if (email.body().contains("\nReceived: ") || email.body().startsWith("Return-Path:")
                            || email.body().contains("\nX-Spam-")) {
                        headersInBody++;
                    }
                    if (ClassifierInput.of(email, ClassifierInput.DEFAULT_MAX_BODY_CHARS).length() > 20) {
                        withText++;
                    }
                }
            }
        }
        assertThat(parsed).isGreaterThan(500);
        assertThat(withText).isGreaterThanOrEqualTo(parsed * 98 / 100);
        // Headers are headers: none may leak into the text the model reads (the spam filter's own included).
        assertThat(withSubject).isGreaterThanOrEqualTo(parsed * 98 / 100);
        assertThat(headersInBody).as("messages whose header block was read as body").isLessThanOrEqualTo(parsed / 100);
        // The limits on hostile mail are far above real mail: none of it is cut, so training data is unchanged.
        assertThat(cut).as("real messages cut at a MailLimits bound").isEmpty();
    }
}
