package dev.triage.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The S3 stand-in: s3rver (npm), which the build of this module installs into its target/s3rver
 * (see its pom), run as a child process bound to 127.0.0.1 on a free port, its data in a fresh
 * folder. Modules' tests find it through the {@code s3rver.home} system property the parent pom sets.
 */
public final class S3rver implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final URI endpoint;

    private S3rver(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static S3rver start() {
        Path executable = home().resolve("node_modules/.bin/s3rver");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("the S3 stand-in is not installed at " + executable + ": the build installs it with npm "
                    + "(module src/test-support); install Node.js and npm (.ci/run does) and build again");
        }
        try {
            Path data = Files.createTempDirectory("s3rver-");
            Process process = new ProcessBuilder(executable.toString(), "--address", "127.0.0.1", "--port", "0",
                    "--directory", data.toString(), "--silent").redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "s3rver-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new S3rver(process, URI.create("http://127.0.0.1:" + matcher.group(1)));
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("s3rver did not say where it listens within 30 s");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start s3rver: " + e.getMessage(), e);
        }
    }

    /** Where s3rver is installed: the {@code s3rver.home} property, else this module's target folder seen from a sibling. */
    static Path home() {
        String configured = System.getProperty("s3rver.home");
        return (configured != null ? Path.of(configured) : Path.of("..", "test-support", "target", "s3rver")).toAbsolutePath().normalize();
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * A client for the tests' own uploads. Chunked (aws-chunked) uploads are off: s3rver stores their
     * chunk signatures as content. The function itself only reads and tags, which s3rver serves as S3 does.
     */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("S3RVER", "S3RVER")))
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
