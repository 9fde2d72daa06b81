package dev.triage.trainer.features;

import dev.triage.core.bundle.Sha256;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Features already computed, on disk: the frozen encoder is the slow part of features-mode training,
 * and its output only depends on the encoder, the pooling, the length limit and the texts. Trying
 * another regularisation strength then costs seconds, not minutes.
 */
public final class FeatureCache {

    private final Path dir;

    public FeatureCache(Path dir) {
        this.dir = dir;
    }

    /** The cache key of a set of texts under one encoder configuration. */
    public static String key(String encoderSha256, String pooling, int maxLength, List<String> texts) {
        StringBuilder all = new StringBuilder(encoderSha256).append('\n').append(pooling).append('\n').append(maxLength);
        for (String text : texts) {
            all.append('\u0000').append(text);
        }
        return Sha256.of(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    public float[][] load(String key) throws IOException {
        Path file = dir.resolve(key + ".f32");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int rows = in.readInt();
            int columns = in.readInt();
            float[][] features = new float[rows][columns];
            for (float[] row : features) {
                for (int j = 0; j < columns; j++) {
                    row[j] = in.readFloat();
                }
            }
            return features;
        } catch (IOException e) {
            Files.deleteIfExists(file); // a torn cache file is recomputed, never trusted
            return null;
        }
    }

    public void store(String key, float[][] features) throws IOException {
        Files.createDirectories(dir);
        Path partial = dir.resolve(key + ".f32.part");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16))) {
            out.writeInt(features.length);
            out.writeInt(features.length == 0 ? 0 : features[0].length);
            for (float[] row : features) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
        }
        Files.move(partial, dir.resolve(key + ".f32"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
