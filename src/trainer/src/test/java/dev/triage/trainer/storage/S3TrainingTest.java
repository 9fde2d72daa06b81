package dev.triage.trainer.storage;

import dev.triage.trainer.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.core.bundle.ModelBundle;
import dev.triage.export.transformer.Architecture;
import dev.triage.testsupport.S3rver;
import dev.triage.trainer.SharedData;
import dev.triage.trainer.data.DatasetReader;
import dev.triage.trainer.data.LabelledText;
import dev.triage.trainer.distill.SoftTargets;
import dev.triage.trainer.encoder.TinyCheckpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The training container's way of working, against an S3 stand-in on loopback: recipe and data
 * read from S3, the bundle written to a staging prefix (the job role may write nowhere else;
 * infra/bin/publish-model promotes it to models/), a second write of the same version refused,
 * and fine-tuning checkpoints uploaded as they are made, so that a run stopped midway and started
 * again with --auto-resume continues and finishes.
 */
class S3TrainingTest {

    static S3rver s3rver;
    static S3Client s3;
    @TempDir
    static Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        s3rver = S3rver.start();
        s3 = s3rver.client();
        System.setProperty("aws.endpointUrlS3", s3rver.endpoint().toString());
        s3.createBucket(b -> b.bucket("team-models"));
        put("data/emotion/train.txt", String.join("\n", Files.readAllLines(SharedData.emotion("train.txt")).subList(0, 240)));
        put("data/emotion/validation.txt", String.join("\n", Files.readAllLines(SharedData.emotion("validation.txt")).subList(0, 80)));
        put("recipes/emotion.json", """
                {"name": "emotion-s3", "version": "1", "mode": "features", "baseModel": "all-minilm-l6-v2",
                 "pooling": "mean", "maxSequenceLength": 48,
                 "labels": ["sadness", "joy", "love", "anger", "fear", "surprise"],
                 "data": {"train": "../data/emotion/train.txt", "validation": "s3://team-models/data/emotion/validation.txt"},
                 "head": {"maxSteps": 200}, "finetune": {"epochs": 1, "batchSize": 16, "learningRate": 1e-3},
                 "baseline": {"enabled": false}}
                """);
    }

    @AfterAll
    static void stopS3() {
        System.clearProperty("aws.endpointUrlS3");
        if (s3rver != null) {
            s3rver.close();
        }
    }

    @Test
    void trainsFromS3IntoS3AndRefusesToOverwriteAVersion() throws Exception {
        CliRun first = CliRun.of("train", "--recipe", "s3://team-models/recipes/emotion.json", "--out", "s3://team-models/staging/emotion-s3/1/",
                "--cache-dir", "target/triage-cache", "--threads", "2");
        assertThat(first.code()).as(first.err()).isZero();
        List<String> keys = keys("staging/emotion-s3/1/");
        assertThat(keys).contains("staging/emotion-s3/1/model.onnx", "staging/emotion-s3/1/config.json",
                "staging/emotion-s3/1/tokenizer.json", "staging/emotion-s3/1/triage.json", "staging/emotion-s3/1/head.json",
                "staging/emotion-s3/1/report/metrics.json");

        Path copy = dir.resolve("downloaded");
        for (String key : keys) {
            Path target = copy.resolve(key.substring("staging/emotion-s3/1/".length()));
            Files.createDirectories(target.getParent());
            s3.getObject(b -> b.bucket("team-models").key(key), target);
        }
        assertThat(ModelBundle.load(copy).id()).isEqualTo("emotion-s3@1");

        CliRun again = CliRun.of("train", "--recipe", "s3://team-models/recipes/emotion.json", "--out", "s3://team-models/staging/emotion-s3/1/",
                "--cache-dir", "target/triage-cache");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("s3://team-models/staging/emotion-s3/1/ already holds a bundle");
    }

    @Test
    void fineTuningCheckpointsGoToS3AndAnInterruptedRunResumesFromThem() throws Exception {
        Path tiny = TinyCheckpoint.write(dir.resolve("tiny-bert"), Architecture.BERT, 7);
        String[] common = {"train", "--recipe", "s3://team-models/recipes/emotion.json", "--mode", "finetune",
                "--base-model", tiny.toString(), "--out", "s3://team-models/staging/emotion-tiny/1/",
                "--training-dir", "s3://team-models/training/emotion-tiny/1/", "--checkpoint-every", "2",
                "--cache-dir", "target/triage-cache", "--threads", "2"};

        CliRun stopped = CliRun.of(concat(common, "--stop-after-steps", "5"));
        assertThat(stopped.code()).as(stopped.err()).isZero();
        assertThat(keys("training/emotion-tiny/1/")).contains("training/emotion-tiny/1/step-00000004/state.json",
                "training/emotion-tiny/1/step-00000004/weights.safetensors", "training/emotion-tiny/1/metrics.jsonl");
        assertThat(keys("staging/emotion-tiny/1/")).isEmpty();

        CliRun resumed = CliRun.of(concat(common, "--auto-resume"));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("--auto-resume: continuing from the checkpoints in s3://team-models/training/emotion-tiny/1/")
                .contains("resumed from").contains("step 4");
        assertThat(keys("staging/emotion-tiny/1/")).contains("staging/emotion-tiny/1/triage.json");
        // only the newest checkpoints are kept, remotely as locally
        assertThat(keys("training/emotion-tiny/1/").stream().filter(k -> k.endsWith("/state.json"))).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aDistilledRunReadsItsSoftTargetsFromBesideItsS3Recipe() throws Exception {
        Path train = dir.resolve("distilled-train.txt");
        Files.write(train, Files.readAllLines(SharedData.emotion("train.txt")).subList(0, 240));
        List<String> texts = new DatasetReader("text", "label").read(train).stream().map(LabelledText::text).toList();
        Path softTargets = dir.resolve("soft-targets.jsonl");
        List<String> labels = List.of("sadness", "joy", "love", "anger", "fear", "surprise");
        SoftTargets.write(softTargets, "teacher@1", "0".repeat(64), labels, texts, new float[texts.size()][labels.size()]);
        put("data/emotion/soft-targets.jsonl", Files.readString(softTargets)); // under data/: what the training role reads
        put("recipes/emotion-distilled.json", """
                {"name": "emotion-distilled", "version": "1", "mode": "finetune", "baseModel": "all-minilm-l6-v2",
                 "pooling": "mean", "maxSequenceLength": 48, "labels": %s,
                 "data": {"train": "../data/emotion/train.txt", "validation": "../data/emotion/validation.txt"},
                 "finetune": {"epochs": 1, "batchSize": 16, "learningRate": 1e-3},
                 "distillation": {"softTargets": "../data/emotion/soft-targets.jsonl"}, "baseline": {"enabled": false}}
                """.formatted(labels.stream().map(l -> '"' + l + '"').toList()));
        Path tiny = TinyCheckpoint.write(dir.resolve("tiny-bert-distilled"), Architecture.BERT, 7);

        CliRun run = CliRun.of("train", "--recipe", "s3://team-models/recipes/emotion-distilled.json", "--base-model", tiny.toString(),
                "--out", "s3://team-models/staging/emotion-distilled/1/", "--training-dir",
                "s3://team-models/training/emotion-distilled/1/", "--cache-dir", "target/triage-cache", "--threads", "2");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("distilled from soft-targets.jsonl (alpha 0.50, temperature 2.0)");
        assertThat(keys("staging/emotion-distilled/1/")).contains("staging/emotion-distilled/1/triage.json");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static void put(String key, String content) {
        s3.putObject(b -> b.bucket("team-models").key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    private static List<String> keys(String prefix) {
        return s3.listObjectsV2(b -> b.bucket("team-models").prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }


}
