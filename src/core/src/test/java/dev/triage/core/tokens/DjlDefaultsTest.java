package dev.triage.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlDefaultsTest {

    private String home;
    private String cacheDir;

    @BeforeEach
    void remember() {
        home = System.getProperty("user.home");
        cacheDir = System.getProperty(DjlDefaults.CACHE_DIR);
        System.clearProperty(DjlDefaults.CACHE_DIR);
    }

    @AfterEach
    void restore() {
        System.setProperty("user.home", home);
        if (cacheDir == null) {
            System.clearProperty(DjlDefaults.CACHE_DIR);
        } else {
            System.setProperty(DjlDefaults.CACHE_DIR, cacheDir);
        }
    }

    @Test
    void aReadOnlyHomeAsOnLambdaSendsTheCacheToTheTemporaryFolder(@TempDir Path dir) {
        System.setProperty("user.home", dir.resolve("no-such-home").toString());
        DjlDefaults.apply();
        assertThat(System.getProperty(DjlDefaults.CACHE_DIR))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "djl").toString());
        assertThat(System.getenv(DjlDefaults.OPT_OUT_TRACKING) != null || "true".equals(System.getProperty(DjlDefaults.OPT_OUT_TRACKING)))
                .as("tracking is off, by the environment or by us").isTrue();
    }

    @Test
    void aWritableHomeKeepsDjlsOwnDefault(@TempDir Path dir) {
        System.setProperty("user.home", dir.toString());
        DjlDefaults.apply();
        assertThat(System.getProperty(DjlDefaults.CACHE_DIR)).isNull();
    }

    @Test
    void aCacheFolderSetByTheUserIsKept(@TempDir Path dir) {
        System.setProperty("user.home", dir.resolve("no-such-home").toString());
        System.setProperty(DjlDefaults.CACHE_DIR, dir.resolve("mine").toString());
        DjlDefaults.apply();
        assertThat(System.getProperty(DjlDefaults.CACHE_DIR)).isEqualTo(dir.resolve("mine").toString());
    }
}
