package dev.triage.testsupport.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS API call that production code makes while the tests run: service, operation, the
 * request fields that decide which IAM action and resource it needs, the production class and line that
 * made it, the Funqy export of the Quarkus application that ran it, and how it ended. The IAM contract
 * check (infra/tests/run, {@link dev.triage.testsupport.iam.ContractCheck}) holds each recorded call
 * against the policy Terraform gives the role that runs that code.
 *
 * <p>Registered for every SDK client of a test JVM through the SDK's global interceptor file,
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} in this module's resources:
 * this module is a test-scope dependency, so production code is unchanged. It records only when the
 * system property {@value #DIRECTORY_PROPERTY} names a folder (the parent pom sets it for surefire), one
 * JSON line per call, into {@code calls-<pid>.jsonl} there.
 *
 * <p>Calls made by the tests themselves (creating stand-in buckets, reading back tags) are not the
 * code's calls and are not recorded: the caller is the first stack frame outside the SDK, and it counts
 * only when it is a {@code dev.triage} class loaded from a main output folder or jar, not from
 * {@code test-classes} and not from this module.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    public static final String DIRECTORY_PROPERTY = "recorded-aws-calls.dir";

    /** Request fields that decide the IAM action, resource or condition keys. Bodies are never recorded. */
    static final List<String> RESOURCE_FIELDS = List.of("Bucket", "Key", "VersionId", "Prefix", "Delimiter", "MaxKeys",
            "CopySource", "IfNoneMatch", "IfMatch", "ACL", "QueueUrl");
    /** Fields whose presence matters (an extra action), whose values are user data and stay out of the file. */
    static final List<String> PRESENCE_FIELDS = List.of("Tagging");

    private static final ExecutionAttribute<Map<String, String>> RECORD = new ExecutionAttribute<>("TriageRecordedAwsCall");
    private static final Object WRITE_LOCK = new Object();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (System.getProperty(DIRECTORY_PROPERTY) == null) {
            return;
        }
        Caller caller = Caller.find();
        if (caller == null || !caller.production()) {
            return;
        }
        Map<String, String> call = new LinkedHashMap<>();
        call.put("service", attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        call.put("operation", attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        SdkRequest request = context.request();
        for (String field : RESOURCE_FIELDS) {
            request.getValueForField(field, Object.class).ifPresent(value -> call.put(field, String.valueOf(value)));
        }
        for (String field : PRESENCE_FIELDS) {
            request.getValueForField(field, Object.class).ifPresent(value -> call.put(field, "present"));
        }
        call.put("caller", caller.describe());
        funqyExport().ifPresent(export -> call.put("export", export));
        attributes.putAttribute(RECORD, call);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Map<String, String> call = attributes.getAttribute(RECORD);
        if (call != null) {
            call.put("outcome", "ok");
            write(call);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Map<String, String> call = attributes.getAttribute(RECORD);
        if (call == null) {
            return;
        }
        Throwable failure = context.exception();
        if (failure instanceof SdkServiceException service) {
            call.put("outcome", String.valueOf(service.statusCode()));
            if (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    && aws.awsErrorDetails().errorCode() != null) {
                call.put("errorCode", aws.awsErrorDetails().errorCode());
            }
        } else {
            call.put("outcome", "client-error");
            call.put("errorCode", failure.getClass().getSimpleName());
        }
        write(call);
    }

    private static void write(Map<String, String> call) {
        Path file = Path.of(System.getProperty(DIRECTORY_PROPERTY)).resolve("calls-" + ProcessHandle.current().pid() + ".jsonl");
        byte[] line = (Json.object(call) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (WRITE_LOCK) {
            try {
                Files.createDirectories(file.getParent());
                // One write per line in append mode: the Quarkus applications of one JVM each load
                // this class in their own class loader and share the file.
                Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record an AWS call in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * quarkus.funqy.export of the Quarkus application on this thread, read reflectively (MicroProfile
     * Config is on the function's classpath only); empty outside a Quarkus application.
     */
    static Optional<String> funqyExport() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null || !loader.getClass().getName().startsWith("io.quarkus.")) {
            return Optional.empty();
        }
        try {
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, loader);
            Class<?> configType = Class.forName("org.eclipse.microprofile.config.Config", false, loader);
            Object config = provider.getMethod("getConfig").invoke(null);
            Object value = configType.getMethod("getOptionalValue", String.class, Class.class).invoke(config, "quarkus.funqy.export", String.class);
            return ((Optional<?>) value).map(String::valueOf);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
