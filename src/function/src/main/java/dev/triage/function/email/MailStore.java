package dev.triage.function.email;

import dev.triage.email.EmailContent;
import dev.triage.email.EmailParser;
import dev.triage.email.UnreadableEmailException;
import dev.triage.function.config.TriageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.Tag;

/** The stored e-mails in S3: read one as it streams, read and write its tags. */
@ApplicationScoped
public class MailStore {

    private final EmailParser parser = new EmailParser();

    @Inject
    S3Client s3;

    @Inject
    TriageConfig config;

    /**
     * Streams the object from S3 into the parser, within the record's time budget. An object over
     * triage.email.max-object-bytes and a message of which nothing is readable are permanent failures.
     */
    public EmailContent read(S3ObjectRef ref, RecordBudget budget) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(ref.bucket()).key(ref.key());
        if (ref.versionId() != null) {
            request.versionId(ref.versionId());
        }
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request.build())) {
            Long size = in.response().contentLength();
            long limit = config.email().maxObjectBytes();
            if (size != null && size > limit) {
                in.abort(); // close the connection rather than read the object to its end
                throw new PermanentFailure(PermanentFailure.Kind.TOO_LARGE, ref.idempotencyKey() + " is " + size
                        + " bytes, over triage.email.max-object-bytes " + limit);
            }
            EmailContent email = parser.parse(budget.guard(in));
            budget.check("the message was classified");
            return email;
        } catch (NoSuchKeyException e) {
            throw new MissingObjectException(ref, e);
        } catch (UnreadableEmailException e) {
            throw new PermanentFailure(PermanentFailure.Kind.UNREADABLE, ref.idempotencyKey() + ": " + e.getMessage());
        } catch (IOException e) {
            if (budget.isSpent()) {
                throw new RecordBudget.Exceeded(e.getMessage() + " " + ref.idempotencyKey());
            }
            throw new UncheckedIOException("reading " + ref.idempotencyKey() + " failed: " + e.getMessage(), e);
        }
    }

    public Map<String, String> tags(S3ObjectRef ref) {
        GetObjectTaggingRequest.Builder request = GetObjectTaggingRequest.builder().bucket(ref.bucket()).key(ref.key());
        if (ref.versionId() != null) {
            request.versionId(ref.versionId());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        try {
            s3.getObjectTagging(request.build()).tagSet().forEach(tag -> tags.put(tag.key(), tag.value()));
        } catch (NoSuchKeyException e) {
            throw new MissingObjectException(ref, e);
        }
        return tags;
    }

    public void putTags(S3ObjectRef ref, Map<String, String> tags) {
        PutObjectTaggingRequest.Builder request = PutObjectTaggingRequest.builder().bucket(ref.bucket()).key(ref.key())
                .tagging(t -> t.tagSet(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
        if (ref.versionId() != null) {
            request.versionId(ref.versionId());
        }
        s3.putObjectTagging(request.build());
    }
}
