package dev.triage.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The MiniLM encoder from its Maven jar, extracted once per test JVM. */
public final class MiniLmFiles {

    private static BuiltInEncoders.EncoderFiles files;

    private MiniLmFiles() {
    }

    public static synchronized BuiltInEncoders.EncoderFiles get() {
        if (files == null) {
            try {
                Path cache = Path.of("target", "encoders");
                Files.createDirectories(cache);
                files = BuiltInEncoders.extract(BuiltInEncoders.ALL_MINILM_L6_V2, cache);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
