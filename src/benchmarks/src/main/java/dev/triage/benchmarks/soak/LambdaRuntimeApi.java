package dev.triage.benchmarks.soak;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The part of AWS Lambda's Runtime API a function's poll loop talks to (next invocation, response,
 * error, init error), on 127.0.0.1: enough to run the packaged function exactly as Lambda runs it,
 * one invocation at a time per process, and to time it from outside.
 */
final class LambdaRuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    private record Invocation(String id, String event, CompletableFuture<String> result) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    final CompletableFuture<String> initError = new CompletableFuture<>();

    LambdaRuntimeApi() throws IOException {
        // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs add ~40 ms to every small exchange.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** host:port, as AWS_LAMBDA_RUNTIME_API names it. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invocation; the future completes with the function's response body, or fails with its error. */
    CompletableFuture<String> invoke(String event) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event, new CompletableFuture<>());
        pending.add(invocation);
        return invocation.result();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        try {
            if (path.equals("invocation/next")) {
                Invocation next = pending.take();
                inFlight.put(next.id(), next);
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.id());
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 900_000));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:triage-soak");
                exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
                reply(exchange, 200, next.event());
            } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
                String id = path.substring("invocation/".length(), path.length() - "/response".length());
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                reply(exchange, 202, "{}");
                inFlight.remove(id).result().complete(body);
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                String id = path.substring("invocation/".length(), path.length() - "/error".length());
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                reply(exchange, 202, "{}");
                inFlight.remove(id).result().completeExceptionally(new IllegalStateException("function error: " + body));
            } else if (path.equals("init/error")) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                reply(exchange, 202, "{}");
                initError.complete(body);
            } else {
                reply(exchange, 404, "{}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(exchange, 500, "{}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
