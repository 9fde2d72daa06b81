package dev.triage.trainer.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.triage.export.transformer.Architecture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hub download against a loopback server with the Hub's URL layout. */
class HuggingFaceHubTest {

    @TempDir
    Path dir;
    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serveATinyCheckpoint() throws Exception {
        Path model = TinyCheckpoint.write(dir.resolve("served"), Architecture.DISTILBERT, 3);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String prefix = "/acme/tiny-distilbert/resolve/main/";
            Path file = path.startsWith(prefix) ? model.resolve(path.substring(prefix.length())) : null;
            if (file == null || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void downloadsOnceIntoTheCacheAndLoads() throws Exception {
        HuggingFaceHub hub = new HuggingFaceHub(endpoint(), "secret-token", dir.resolve("cache"));
        PretrainedEncoder encoder = PretrainedEncoders.load("acme/tiny-distilbert", dir.resolve("cache-root"), hub);
        assertThat(encoder.name()).isEqualTo("acme/tiny-distilbert");
        assertThat(encoder.config().architecture()).isEqualTo(Architecture.DISTILBERT);
        assertThat(encoder.weights()).containsKey("embeddings.word_embeddings.weight");
        assertThat(requests).containsExactlyInAnyOrder("/acme/tiny-distilbert/resolve/main/config.json",
                "/acme/tiny-distilbert/resolve/main/tokenizer.json", "/acme/tiny-distilbert/resolve/main/model.safetensors");
        assertThat(authorizations).containsOnly("Bearer secret-token");

        hub.download("acme/tiny-distilbert");
        assertThat(requests).hasSize(3); // the second time, all from the cache
    }

    @Test
    void namesAModelTheHubDoesNotHave() {
        HuggingFaceHub hub = new HuggingFaceHub(endpoint(), null, dir.resolve("cache"));
        assertThatThrownBy(() -> hub.download("acme/no-such-model"))
                .hasMessageContaining("/acme/no-such-model/resolve/main/config.json: HTTP 404");
    }

    @Test
    void saysWhatToDoWithoutNetwork() {
        HuggingFaceHub hub = new HuggingFaceHub("http://127.0.0.1:1", null, dir.resolve("cache"));
        assertThatThrownBy(() -> hub.download("acme/tiny-distilbert"))
                .hasMessageContaining("point the recipe's baseModel at a local folder");
    }
}
