package dev.triage.trainer.encoder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Downloads a model's files from the Hugging Face Hub (or any server with its URL layout,
 * {@code <endpoint>/<model id>/resolve/<revision>/<file>}) into a local cache, once. The endpoint
 * follows {@code HF_ENDPOINT} as huggingface_hub does; {@code HF_TOKEN} is sent as a bearer token
 * for gated or private models. Files are written under a temporary name and moved into place, so
 * an interrupted download is never taken for a complete one.
 */
public final class HuggingFaceHub {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    static final List<String> FILES = List.of("config.json", "tokenizer.json", "model.safetensors");

    private final String endpoint;
    private final String token;
    private final Path cacheDir;
    private final HttpClient http;

    public HuggingFaceHub(String endpoint, String token, Path cacheDir) {
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.token = token;
        this.cacheDir = cacheDir;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();
    }

    /** From the environment: HF_ENDPOINT, HF_TOKEN. */
    public static HuggingFaceHub fromEnvironment(Path cacheDir) {
        String endpoint = System.getenv("HF_ENDPOINT");
        return new HuggingFaceHub(endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint,
                System.getenv("HF_TOKEN"), cacheDir.resolve("huggingface"));
    }

    /** Downloads (or finds in the cache) a model's config, tokenizer and weights; returns the folder. */
    public Path download(String modelId) throws IOException {
        return download(modelId, "main");
    }

    public Path download(String modelId, String revision) throws IOException {
        Path dir = cacheDir.resolve(modelId.replace('/', '_') + "@" + revision);
        Files.createDirectories(dir);
        for (String file : FILES) {
            Path target = dir.resolve(file);
            if (Files.isRegularFile(target)) {
                continue;
            }
            URI uri = URI.create(endpoint + "/" + modelId + "/resolve/" + revision + "/" + file);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET();
            if (token != null && !token.isBlank()) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + uri, e);
            } catch (IOException e) {
                throw new IOException("cannot download " + uri + " (" + e.getMessage() + "); without network, point the recipe's "
                        + "baseModel at a local folder holding config.json, model.safetensors and tokenizer.json", e);
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("cannot download " + uri + ": HTTP " + response.statusCode()
                            + (response.statusCode() == 401 || response.statusCode() == 403 ? " (set HF_TOKEN for gated or private models)" : ""));
                }
                Path partial = dir.resolve(file + "." + UUID.randomUUID() + ".part");
                try {
                    long written = Files.copy(body, partial);
                    long expected = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    if (expected >= 0 && written != expected) {
                        throw new IOException("download of " + uri + " ended after " + written + " of " + expected + " bytes");
                    }
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
        }
        return dir;
    }
}
