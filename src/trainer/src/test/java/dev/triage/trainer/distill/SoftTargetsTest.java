package dev.triage.trainer.distill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.core.bundle.Sha256;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftTargetsTest {

    @TempDir
    Path dir;

    /**
     * A file many times the reader's buffer: what comes back is every line written, and the sha256
     * that a student's triage.json records is the whole file's, hashed while it was parsed.
     */
    @Test
    void readsBackWhatWasWrittenAndHashesTheWholeFile() throws Exception {
        List<String> texts = new ArrayList<>();
        float[][] logits = new float[3000][];
        for (int i = 0; i < logits.length; i++) {
            texts.add("text number " + i);
            logits[i] = new float[] {i * 0.001f, -i * 0.002f};
        }
        Path file = dir.resolve("soft-targets.jsonl");
        SoftTargets.write(file, "teacher@1", "ab".repeat(32), List.of("ham", "spam"), texts, logits);

        SoftTargets read = SoftTargets.read(file);

        assertThat(read.fileSha256()).isEqualTo(Sha256.of(file));
        assertThat(read.teacher()).isEqualTo("teacher@1");
        assertThat(read.labels()).containsExactly("ham", "spam");
        assertThat(read.byText()).hasSize(3000);
        assertThat(read.byText().get(SoftTargets.key("text number 2999"))).containsExactly(2.999f, -5.998f);
    }
}
