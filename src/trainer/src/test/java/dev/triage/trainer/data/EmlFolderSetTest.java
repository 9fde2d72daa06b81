package dev.triage.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .eml folder reader on a tiny corpus written here: labels by folder, split by md5 digit. */
class EmlFolderSetTest {

    @TempDir
    Path dir;

    private void eml(String group, String name, String subject, String body) throws IOException {
        Files.createDirectories(dir.resolve("corpus").resolve(group));
        Files.writeString(dir.resolve("corpus").resolve(group).resolve(name),
                "Subject: " + subject + "\r\nX-Spam-Flag: YES\r\n\r\n" + body + "\r\n");
    }

    private Path split(String digits) throws IOException {
        Path file = dir.resolve("split-" + digits + ".json");
        Files.writeString(file, "{\"root\": \"corpus\", \"groups\": {\"good\": \"ham\", \"bad\": \"spam\"}, "
                + "\"md5FirstHexDigits\": \"" + digits + "\"}");
        return file;
    }

    @Test
    void labelsByFolderAndSplitsByTheFirstMd5Digit() throws IOException {
        eml("good", "00001.0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.eml", "meeting", "see you at ten");
        eml("good", "00002.3bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.eml", "minutes", "attached are the minutes");
        eml("bad", "00001.fccccccccccccccccccccccccccccccc.eml", "WIN", "click here to claim");
        assertThat(EmlFolderSet.read(split("01"))).extracting(LabelledText::text, LabelledText::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("meeting\nsee you at ten", "ham"));
        assertThat(EmlFolderSet.read(split("3456789abcdef"))).extracting(LabelledText::label).containsExactly("ham", "spam");
    }

    @Test
    void refusesAFileTheSplitCannotPlace() throws IOException {
        eml("good", "notes.eml", "x", "y");
        eml("bad", "00001.fccccccccccccccccccccccccccccccc.eml", "WIN", "click");
        assertThatThrownBy(() -> EmlFolderSet.read(split("f"))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("notes.eml: name is not <number>.<md5>.eml");
    }

    @Test
    void namesAMissingFolderAndAnUnknownField() throws IOException {
        assertThatThrownBy(() -> EmlFolderSet.read(split("0"))).hasMessageContaining("group folder").hasMessageContaining("does not exist");
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"root\": \"corpus\", \"group\": {}}");
        assertThatThrownBy(() -> EmlFolderSet.read(typo)).hasMessageContaining("field 'group' is not known");
    }
}
