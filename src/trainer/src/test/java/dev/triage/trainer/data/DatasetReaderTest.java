package dev.triage.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {

    @TempDir
    Path dir;

    final DatasetReader reader = new DatasetReader();

    @Test
    void readsSemicolonLinesSplittingAtTheLastSemicolon() throws IOException {
        Path file = write("train.txt", "i feel great;joy\n\nwe met at 5; it was late;sadness\n");
        List<LabelledText> examples = reader.read(file);
        assertThat(examples).containsExactly(
                new LabelledText("i feel great", "joy", "train.txt:1"),
                new LabelledText("we met at 5; it was late", "sadness", "train.txt:3"));
    }

    @Test
    void namesTheLineWithoutASemicolon() throws IOException {
        Path file = write("train.txt", "fine;joy\nno label here\n");
        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("train.txt:2: expected 'text;label' but the line has no ';'");
    }

    @Test
    void refusesEmptyTextsAndLabels() throws IOException {
        assertThatThrownBy(() -> reader.read(write("a.txt", ";joy\n"))).hasMessage("a.txt:1: the text is empty");
        assertThatThrownBy(() -> reader.read(write("b.txt", "hello;\n"))).hasMessage("b.txt:1: the label is empty");
    }

    @Test
    void readsCsvWithQuotedFieldsAndNamedColumns() throws IOException {
        Path file = write("tickets.csv", "id,body,topic\n1,\"Printer, 3rd floor, \"\"jammed\"\"\",hardware\n2,VPN drops,network\n");
        List<LabelledText> examples = new DatasetReader("body", "topic").read(file);
        assertThat(examples).extracting(LabelledText::text).containsExactly("Printer, 3rd floor, \"jammed\"", "VPN drops");
        assertThat(examples).extracting(LabelledText::label).containsExactly("hardware", "network");
        assertThat(examples.get(1).source()).isEqualTo("tickets.csv:3");
    }

    @Test
    void namesAMissingCsvColumn() throws IOException {
        Path file = write("tickets.csv", "id,body\n1,hello\n");
        assertThatThrownBy(() -> reader.read(file))
                .hasMessage("tickets.csv:1: no column 'text' in the header; columns are [id, body]");
    }

    @Test
    void readsTsv() throws IOException {
        Path file = write("mail.tsv", "text\tlabel\nwin a prize now\tspam\n");
        assertThat(reader.read(file)).containsExactly(new LabelledText("win a prize now", "spam", "mail.tsv:2"));
    }

    @Test
    void readsJsonLinesAndNamesBrokenLines() throws IOException {
        Path good = write("data.jsonl", "{\"text\": \"so happy\", \"label\": \"joy\"}\n{\"text\": \"meh\", \"label\": 0}\n");
        assertThat(reader.read(good)).extracting(LabelledText::label).containsExactly("joy", "0");
        assertThatThrownBy(() -> reader.read(write("bad.jsonl", "{\"text\": \"ok\", \"label\": \"joy\"}\n{\"text\": \n")))
                .hasMessageStartingWith("bad.jsonl:2: not valid JSON");
        assertThatThrownBy(() -> reader.read(write("types.jsonl", "{\"text\": 42, \"label\": \"joy\"}\n")))
                .hasMessage("types.jsonl:1: field 'text' must be a string, is 42");
    }

    @Test
    void refusesAFileThatIsNotUtf8() throws IOException {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, "caf\u00e9 ouvert;joy\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> reader.read(file)).hasMessageContaining("latin1.txt: not valid UTF-8");
    }

    @Test
    void refusesAnEmptyFileAndAMissingFile() throws IOException {
        assertThatThrownBy(() -> reader.read(write("empty.txt", "\n\n"))).hasMessageEndingWith("empty.txt: holds no examples");
        assertThatThrownBy(() -> reader.read(dir.resolve("nope.txt"))).hasMessageEndingWith("nope.txt: no such file");
    }

    @Test
    void refusesAnUnknownExtension() {
        assertThatThrownBy(() -> reader.read(dir.resolve("data.parquet"))).hasMessageContaining("cannot tell the format");
    }

    @Test
    void unknownLabelsAreNamedWithTheirLine() throws IOException {
        List<LabelledText> examples = reader.read(write("train.txt", "a;joy\nb;joyy\n"));
        assertThatThrownBy(() -> Dataset.of(examples, List.of("sadness", "joy")))
                .hasMessage("train.txt:2: unknown label 'joyy'; the labels are [sadness, joy]");
    }

    @Test
    void numericLabelsAreIndicesIntoTheLabelList() throws IOException {
        Dataset dataset = Dataset.of(reader.read(write("d.txt", "a;1\nb;sadness\n")), List.of("sadness", "joy"));
        assertThat(dataset.labelIds()).containsExactly(1, 0);
        assertThat(dataset.examples().get(0).label()).isEqualTo("joy");
        assertThatThrownBy(() -> Dataset.of(reader.read(write("e.txt", "a;7\n")), List.of("sadness", "joy")))
                .hasMessageContaining("unknown label '7'");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
