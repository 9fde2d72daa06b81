package dev.triage.trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared data sets, read in place (never copied into the repository). Tests that need them
 * skip, saying why, on a clone without {@code ../shared}.
 */
public final class SharedData {

    private SharedData() {
    }

    public static Path root() {
        String configured = System.getProperty("shared.dir");
        return Path.of(configured != null ? configured : "../../../shared").toAbsolutePath().normalize();
    }

    public static Path emotion(String file) {
        Path path = root().resolve("datasets/emotion").resolve(file);
        Assumptions.assumeTrue(Files.isRegularFile(path),
                "skipped: the emotion data set is not at " + path + " (the shared folder ../shared is absent)");
        return path;
    }
}
