package dev.triage.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathFilesTest {

    @Test
    void aResourceInAClassPathFolderIsThatFile(@TempDir Path dir) throws Exception {
        Path library = Files.createDirectories(dir.resolve("native/lib")).resolve("libx.so");
        Files.writeString(library, "not really a library");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(ClasspathFiles.plainFile(loader, "native/lib/libx.so")).contains(library);
        }
    }

    @Test
    void aResourceInsideAJarOrAbsentIsNoPlainFile(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("natives.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("native/lib/libx.so"));
            out.write(1);
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(loader.getResource("native/lib/libx.so")).as("the jar serves it").isNotNull();
            assertThat(ClasspathFiles.plainFile(loader, "native/lib/libx.so")).isEmpty();
            assertThat(ClasspathFiles.plainFile(loader, "native/lib/absent.so")).isEmpty();
        }
    }
}
