package dev.triage.core.tokens;

import dev.triage.core.files.ClasspathFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one owner of what DJL must be told before its first use, applied by {@link TextTokenizer}
 * before it creates a tokenizer (and by anyone else who touches DJL first): each is set as a system
 * property only where neither the environment nor a system property says otherwise.
 * <ul>
 * <li>{@code OPT_OUT_TRACKING=true}: DJL otherwise reports every tokenizer creation and engine
 * start over the network.</li>
 * <li>{@code DJL_CACHE_DIR=java.io.tmpdir/djl} where the home folder is not writable (Lambda: the
 * disk is read-only outside /tmp), as DJL unpacks the tokenizer's native library there. Where home
 * is writable, DJL's own default ({@code ~/.djl.ai}) stays, so a trainer keeps its unpacked PyTorch.</li>
 * <li>{@code RUST_LIBRARY_PATH} and {@code jna.boot.library.path}, where the tokenizer's native
 * library and JNA's (DJL probes for CUDA with it) lie as plain files on the class path, as in the
 * Lambda zip's root: loaded where they lie, nothing is unpacked into /tmp.</li>
 * </ul>
 * DJL reads them as an environment variable or a system property, when it first needs them.
 */
public final class DjlDefaults {

    public static final String CACHE_DIR = "DJL_CACHE_DIR";
    public static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";
    public static final String TOKENIZER_LIBRARY = "RUST_LIBRARY_PATH";
    public static final String JNA_LIBRARY_PATH = "jna.boot.library.path";

    private DjlDefaults() {
    }

    public static synchronized void apply() {
        if (unset(OPT_OUT_TRACKING)) {
            System.setProperty(OPT_OUT_TRACKING, "true");
        }
        if (unset(CACHE_DIR) && !homeIsWritable()) {
            System.setProperty(CACHE_DIR, Path.of(System.getProperty("java.io.tmpdir"), "djl").toString());
        }
        if (ClasspathFiles.isLinuxX64()) {
            ClassLoader loader = DjlDefaults.class.getClassLoader();
            if (unset(TOKENIZER_LIBRARY)) {
                ClasspathFiles.plainFile(loader, "native/lib/linux-x86_64/cpu/libtokenizers.so")
                        .ifPresent(library -> System.setProperty(TOKENIZER_LIBRARY, library.toString()));
            }
            if (unset(JNA_LIBRARY_PATH)) {
                ClasspathFiles.plainFile(loader, "com/sun/jna/linux-x86-64/libjnidispatch.so")
                        .ifPresent(library -> System.setProperty(JNA_LIBRARY_PATH, library.getParent().toString()));
            }
        }
    }

    private static boolean homeIsWritable() {
        String home = System.getProperty("user.home");
        return home != null && !home.isBlank() && Files.isWritable(Path.of(home));
    }

    private static boolean unset(String name) {
        String env = System.getenv(name);
        return (env == null || env.isBlank()) && System.getProperty(name) == null;
    }
}
