package dev.triage.core.files;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Class-path resources that are plain files: in a Lambda zip's root (unpacked into /var/task) or a
 * build's classes folder, as opposed to entries of a jar. Such a file can be read where it lies;
 * there is no need to copy it to /tmp first, as libraries do with the natives and models inside jars.
 */
public final class ClasspathFiles {

    private ClasspathFiles() {
    }

    /** The file a resource is, where it is a plain file; empty inside a jar, or where it is absent. */
    public static Optional<Path> plainFile(ClassLoader loader, String resource) {
        URL url = loader.getResource(resource);
        if (url == null || !"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty(); // not a path this file system knows: the library copies it out as usual
        }
    }

    /** linux-x64 and the like: the platform as the natives of ONNX Runtime, DJL and JNA name their folders. */
    public static boolean isLinuxX64() {
        String arch = System.getProperty("os.arch", "");
        return System.getProperty("os.name", "").startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }
}
