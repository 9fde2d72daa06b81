package dev.triage.function.archive;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.function.standins.AwsStandIns;
import dev.triage.testsupport.mail.HostileMail;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * {@code classifyArchive} through the Lambda mock event server, with the batch events a Step Functions
 * Distributed Map sends ({@code Items} as each ItemReader produces them, and the ItemBatcher's
 * {@code BatchInput}), against s3rver: items in {@value AwsStandIns#ARCHIVE_BUCKET}, results read back
 * from {@value AwsStandIns#ARCHIVE_RESULTS_BUCKET}.
 */
@QuarkusTest
@TestProfile(ClassifyArchiveFunctionTest.ArchiveExport.class)
@QuarkusTestResource(value = AwsStandIns.class, restrictToAnnotatedClass = true)
class ClassifyArchiveFunctionTest {

    /** Step Functions' limit on a state's input and output: the summary must fit far below it. */
    static final int STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;
    static final int MAX_LINE_BYTES = 4096;

    public static class ArchiveExport implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A batch is one long invocation (the e-mail model loads on the first): more than REST-assured's 30 s default.
            return Map.of("quarkus.funqy.export", "classifyArchive", "triage.inference.intra-op-threads", "2", "quarkus.http.test-timeout", "180s",
                    "triage.archive.max-line-bytes", String.valueOf(MAX_LINE_BYTES), "triage.archive.text-batch-size", "4");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "spam-minilm-finetuned-int8@1";

    static void store(String key, byte[] content, Map<String, String> tags) {
        AwsStandIns.s3().putObject(b -> b.bucket(AwsStandIns.ARCHIVE_BUCKET).key(key), RequestBody.fromBytes(content));
        if (!tags.isEmpty()) {
            AwsStandIns.s3().putObjectTagging(b -> b.bucket(AwsStandIns.ARCHIVE_BUCKET).key(key).tagging(t -> t.tagSet(
                    tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
        }
    }

    static void store(String key, String content) {
        store(key, content.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Map<String, String> tags(String key) {
        Map<String, String> tags = new HashMap<>();
        AwsStandIns.s3().getObjectTagging(b -> b.bucket(AwsStandIns.ARCHIVE_BUCKET).key(key)).tagSet()
                .forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    /** An item as the ListObjectsV2 reader produces it: LastModified in epoch seconds, the ETag quoted. */
    static ObjectNode listedItem(String key, long size) {
        ObjectNode item = JSON.createObjectNode();
        item.put("Etag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
        item.put("Key", key);
        item.put("LastModified", 1795957542L);
        item.put("Size", size);
        item.put("StorageClass", "STANDARD");
        return item;
    }

    /** A CSV manifest row ({@code Bucket,Key} header): strings only, the key URL-encoded. */
    static ObjectNode manifestItem(String key) {
        ObjectNode item = JSON.createObjectNode();
        item.put("Bucket", AwsStandIns.ARCHIVE_BUCKET);
        item.put("Key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
        return item;
    }

    /** An S3 Inventory row: the manifest's fileSchema columns, all strings, the key URL-encoded. */
    static ObjectNode inventoryItem(String key) {
        ObjectNode item = manifestItem(key);
        item.put("Size", "2190");
        item.put("LastModifiedDate", "2026-11-16T00:29:32.000Z");
        item.put("ETag", "d41d8cd98f00b204e9800998ecf8427e");
        item.put("StorageClass", "STANDARD");
        return item;
    }

    static ObjectNode event(List<ObjectNode> items, String format, boolean tag, String job) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Items");
        items.forEach(array::add);
        ObjectNode input = event.putObject("BatchInput");
        input.put("bucket", AwsStandIns.ARCHIVE_BUCKET);
        input.put("format", format);
        input.put("tag", tag);
        input.put("resultsPrefix", "results/");
        input.put("job", job);
        return event;
    }

    static String invoke(ObjectNode event) {
        return given().body(event.toString()).post().then().statusCode(200).extract().asString();
    }

    /** The results object a summary names, one JSON object per line. */
    static List<JsonNode> results(JsonNode summary) throws IOException {
        URI location = URI.create(summary.path("resultsObject").asText());
        assertThat(location.getHost()).isEqualTo(AwsStandIns.ARCHIVE_RESULTS_BUCKET);
        String text = AwsStandIns.s3().getObjectAsBytes(b -> b.bucket(location.getHost()).key(location.getPath().substring(1))).asUtf8String();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    static Map<String, JsonNode> byKey(List<JsonNode> lines) {
        Map<String, JsonNode> byKey = new HashMap<>();
        lines.forEach(line -> assertThat(byKey.put(line.path("key").asText(), line)).as("one result per e-mail").isNull());
        return byKey;
    }

    @Test
    void emailsFromAPrefixListingAreClassifiedTaggedOrSkippedAndAMissingOneFailsAlone() throws IOException {
        store("mail/minutes.eml", "From: Ann <ann@example.org>\r\nSubject: Minutes of Tuesday's meeting\r\n\r\n"
                + "Hi all, the minutes are below. Next meeting on Friday.\r\n");
        store("mail/prize.eml", "Subject: You WON a prize\r\nContent-Type: text/html\r\n\r\n<html><body><h1>CLICK HERE</h1>"
                + "<p>Claim your free prize now, limited offer, act fast!</p></body></html>\r\n");
        store("mail/done before.eml", "Subject: old news\r\n\r\nalready done\r\n".getBytes(StandardCharsets.UTF_8),
                Map.of("triage-label", "ham", "triage-score", "0.91", "triage-model", MODEL));
        store("mail/kept tags.eml", "Subject: quarterly numbers\r\n\r\nPlease find the report for Q3 below.\r\n"
                .getBytes(StandardCharsets.UTF_8), Map.of("retention", "90d"));
        store("mail/hostile.eml", HostileMail.HEADER_OVER_1_MIB_FIRST.bytes(), Map.of());
        List<ObjectNode> items = List.of(listedItem("mail/minutes.eml", 120), listedItem("mail/prize.eml", 180),
                listedItem("mail/done before.eml", 40), listedItem("mail/kept tags.eml", 80), listedItem("mail/never stored.eml", 10),
                listedItem("mail/hostile.eml", 1 << 20));

        JsonNode summary = JSON.readTree(invoke(event(items, "email", true, "job-emails")));

        assertThat(summary.path("items").asInt()).isEqualTo(6);
        assertThat(summary.path("results").asInt()).isEqualTo(6);
        assertThat(summary.path("skipped").asInt()).isEqualTo(1);
        assertThat(summary.path("failed").asInt()).isEqualTo(2);
        assertThat(summary.path("resultsObject").asText())
                .matches("s3://" + AwsStandIns.ARCHIVE_RESULTS_BUCKET + "/results/job-emails/[0-9a-f]{16}\\.jsonl");
        Map<String, JsonNode> results = byKey(results(summary));
        assertThat(results).containsOnlyKeys("mail/minutes.eml", "mail/prize.eml", "mail/done before.eml", "mail/kept tags.eml",
                "mail/never stored.eml", "mail/hostile.eml");
        assertThat(results.get("mail/prize.eml").path("label").asText()).isEqualTo("spam");
        assertThat(results.get("mail/minutes.eml").path("model").asText()).isEqualTo(MODEL);
        assertThat(results.get("mail/minutes.eml").has("line")).as("an e-mail has no line").isFalse();
        assertThat(results.get("mail/done before.eml").path("skipped").asText()).isEqualTo("already tagged by " + MODEL);
        assertThat(results.get("mail/never stored.eml").path("error").asText()).contains("does not exist");
        assertThat(results.get("mail/hostile.eml").path("error").asText()).startsWith("unreadable-mime");
        assertThat(summary.path("failures").findValuesAsText("key")).containsExactlyInAnyOrder("mail/never stored.eml", "mail/hostile.eml");
        for (String key : List.of("mail/minutes.eml", "mail/prize.eml", "mail/kept tags.eml")) {
            assertThat(tags(key)).containsEntry("triage-model", MODEL).containsEntry("triage-label", results.get(key).path("label").asText());
        }
        assertThat(tags("mail/kept tags.eml")).containsEntry("retention", "90d");
        assertThat(tags("mail/done before.eml").get("triage-score")).as("a skipped e-mail is left alone").isEqualTo("0.91");

        // The same batch again (a retry, or a re-run of the job): every tagged e-mail is skipped, the results object replaced.
        JsonNode again = JSON.readTree(invoke(event(items, "email", true, "job-emails")));
        assertThat(again.path("resultsObject").asText()).isEqualTo(summary.path("resultsObject").asText());
        assertThat(again.path("skipped").asInt()).isEqualTo(4);
        assertThat(again.path("failed").asInt()).isEqualTo(2);
    }

    @Test
    void filesOfTextsFromAManifestGiveOneResultPerLineAndBadLinesFailAlone() throws IOException {
        store("texts/support tickets+2026.jsonl", String.join("\n",
                "{\"text\": \"i feel wonderful today\", \"id\": \"t-1\"}",
                "{\"text\": \"this is not json",
                "",
                "{\"id\": 7}",
                "{\"text\": \"" + "long ".repeat(MAX_LINE_BYTES / 5 + 1) + "\"}",
                "[\"an array\"]",
                "{\"text\": \"the train is late again and i am furious\", \"id\": 42}") + "\n");
        store("texts/survey.csv", "id,text,channel\r\n"
                + "a1,\"i am so happy, thank you\",web\r\n"
                + "a2,\"a reply over\ntwo lines, \"\"quoted\"\"\",mail\r\n"
                + "a3\r\n"
                + "a4,i miss my old friends so much,phone\r\n");
        store("texts/notes.pdf", "%PDF-1.4");
        List<ObjectNode> items = List.of(manifestItem("texts/support tickets+2026.jsonl"), inventoryItem("texts/survey.csv"),
                manifestItem("texts/gone.jsonl"), manifestItem("texts/notes.pdf"));

        JsonNode summary = JSON.readTree(invoke(event(items, "texts", false, "job-texts")));

        List<JsonNode> results = results(summary);
        Map<String, JsonNode> jsonl = new HashMap<>();
        Map<String, JsonNode> csv = new HashMap<>();
        for (JsonNode result : results) {
            if (result.path("key").asText().endsWith(".jsonl") && result.has("line")) {
                jsonl.put(result.path("line").asText(), result);
            } else if (result.path("key").asText().equals("texts/survey.csv")) {
                csv.put(result.path("id").asText(result.path("line").asText()), result);
            }
        }
        assertThat(jsonl).containsOnlyKeys("1", "2", "4", "5", "6", "7");
        assertThat(jsonl.get("1").path("label").asText()).isEqualTo("joy");
        assertThat(jsonl.get("1").path("id").asText()).isEqualTo("t-1");
        assertThat(jsonl.get("1").path("key").asText()).as("the manifest's key, URL-decoded").isEqualTo("texts/support tickets+2026.jsonl");
        assertThat(jsonl.get("1").path("model").asText()).as("the classify model, built in").isEqualTo(dev.triage.defaultmodel.DefaultModel.load().id());
        assertThat(jsonl.get("2").path("error").asText()).startsWith("not valid JSON");
        assertThat(jsonl.get("4").path("error").asText()).isEqualTo("field 'text' must be a string, is missing");
        assertThat(jsonl.get("5").path("error").asText()).contains("over the limit of " + MAX_LINE_BYTES);
        assertThat(jsonl.get("6").path("error").asText()).contains("expected a JSON object");
        assertThat(jsonl.get("7").path("label").asText()).isEqualTo("anger");
        assertThat(jsonl.get("7").path("id").asText()).isEqualTo("42");
        assertThat(csv).containsOnlyKeys("a1", "a2", "5", "a4");
        assertThat(csv.get("a1").path("label").asText()).isEqualTo("joy");
        assertThat(csv.get("a2").path("line").asInt()).isEqualTo(3);
        assertThat(csv.get("a2").has("label")).isTrue();
        assertThat(csv.get("5").path("error").asText()).contains("too few");
        assertThat(csv.get("a4").path("label").asText()).isIn("sadness", "joy", "love", "anger", "fear", "surprise");
        JsonNode gone = results.stream().filter(r -> r.path("key").asText().equals("texts/gone.jsonl")).findFirst().orElseThrow();
        assertThat(gone.path("error").asText()).contains("does not exist");
        JsonNode pdf = results.stream().filter(r -> r.path("key").asText().equals("texts/notes.pdf")).findFirst().orElseThrow();
        assertThat(pdf.path("error").asText()).contains("not a file of texts");

        assertThat(summary.path("items").asInt()).isEqualTo(4);
        assertThat(summary.path("results").asInt()).isEqualTo(results.size()).isEqualTo(12);
        assertThat(summary.path("failed").asInt()).isEqualTo(7);
        assertThat(summary.path("skipped").asInt()).isZero();
        assertThat(summary.path("failures")).hasSize(7);
        assertThat(summary.path("failures").findValuesAsText("line")).contains("2", "4");
    }

    @Test
    void aLargeBatchOfFailuresKeepsItsSummaryFarBelowTheStatePayloadLimit() throws IOException {
        List<ObjectNode> items = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            // S3's longest key, 1,024 bytes, none of them stored: every item fails, each with a long reason.
            String key = String.format("missing/%04d/", i) + "k".repeat(1024 - 13) + ".jsonl";
            items.add(listedItem(key, 1));
        }
        String answer = invoke(event(items, "texts", false, "job-large"));

        assertThat(answer.getBytes(StandardCharsets.UTF_8).length).isLessThan(STATE_PAYLOAD_LIMIT_BYTES / 4);
        JsonNode summary = JSON.readTree(answer);
        assertThat(summary.path("failed").asInt()).isEqualTo(120);
        assertThat(summary.path("failures")).hasSize(ResultsFile.MAX_LISTED_FAILURES);
        assertThat(results(summary)).hasSize(120).allMatch(line -> line.path("error").asText().contains("does not exist"));
    }

    @Test
    void anEventNotOfTheBatchShapeFailsTheInvocationNamingTheField() {
        given().body("{\"Items\": [{\"Key\": \"a.eml\"}], \"BatchInput\": {\"format\": \"pdf\", \"job\": \"j\"}}").post().then()
                .statusCode(500).body("errorMessage", org.hamcrest.Matchers.containsString("BatchInput.format must be \"email\" or \"texts\""));
        given().body("{\"Records\": []}").post().then()
                .statusCode(500).body("errorMessage", org.hamcrest.Matchers.containsString("no 'Items' array"));
    }
}
