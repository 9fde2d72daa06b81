package dev.triage.function.model;

import java.nio.file.Path;

/**
 * What DJL's tokenizer needs on Lambda, set before its first use unless the environment says
 * otherwise: a writable folder for its native library (the only writable place on Lambda is /tmp,
 * and DJL's default, ~/.djl.ai, is read-only there), and no usage reporting (DJL otherwise calls
 * out at every tokenizer creation). DJL reads both as an environment variable or a system property.
 */
final class DjlDefaults {

    static final String CACHE_DIR = "DJL_CACHE_DIR";
    static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";

    private DjlDefaults() {
    }

    static void apply() {
        if (unset(CACHE_DIR)) {
            System.setProperty(CACHE_DIR, Path.of(System.getProperty("java.io.tmpdir"), "djl").toString());
        }
        if (unset(OPT_OUT_TRACKING)) {
            System.setProperty(OPT_OUT_TRACKING, "true");
        }
    }

    private static boolean unset(String name) {
        String env = System.getenv(name);
        return (env == null || env.isBlank()) && System.getProperty(name) == null;
    }
}
