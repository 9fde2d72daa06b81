package dev.triage.trainer.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.email.ClassifierInput;
import dev.triage.email.EmailContent;
import dev.triage.email.EmailParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Labelled e-mail from folders of raw {@code .eml} files, one label per folder, split by a digit of
 * each file's name: the SpamAssassin corpus names its messages {@code <n>.<md5>.eml}, and the first
 * hex digit of the md5 is a split that no one chose by looking at the messages. The recipe's
 * {@code data.train}, {@code validation} and {@code test} each name a small JSON file (format
 * {@value #FORMAT}) that says which folders and which digits make that part:
 *
 * <pre>{"root": "../../../../shared/datasets/spamassassin",
 *  "groups": {"easy-ham-1": "ham", "spam-1": "spam"},
 *  "md5FirstHexDigits": "3456789abcdef"}</pre>
 *
 * <p>Each message becomes the classifier's text through {@link ClassifierInput}, the code the
 * function runs on incoming mail, so the model trains on what it will see. A message with no text
 * at all (no subject, no readable body) is left out and counted.
 */
public final class EmlFolderSet {

    /** The recipe's {@code data.format} value for this reader. */
    public static final String FORMAT = "eml-folders";
    private static final Pattern FILE_NAME = Pattern.compile("\\d+\\.([0-9a-f]{32})\\.eml");
    private static final Set<String> FIELDS = Set.of("root", "groups", "md5FirstHexDigits", "maxBodyChars");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmlFolderSet() {
    }

    /** Reads the part a split file describes. */
    public static List<LabelledText> read(Path splitFile) {
        JsonNode spec = readSpec(splitFile);
        Path root = splitFile.toAbsolutePath().getParent().resolve(text(splitFile, spec, "root")).normalize();
        String digits = text(splitFile, spec, "md5FirstHexDigits");
        if (!digits.matches("[0-9a-f]{1,16}")) {
            throw new DataFormatException(splitFile + ": field 'md5FirstHexDigits' must be lower-case hex digits, is '" + digits + "'");
        }
        int maxBodyChars = spec.path("maxBodyChars").asInt(ClassifierInput.DEFAULT_MAX_BODY_CHARS);
        Map<String, String> groups = groups(splitFile, spec);
        EmailParser parser = new EmailParser();
        List<LabelledText> examples = new ArrayList<>();
        int empty = 0;
        for (Map.Entry<String, String> group : groups.entrySet()) {
            Path folder = root.resolve(group.getKey());
            if (!Files.isDirectory(folder)) {
                throw new DataFormatException(splitFile + ": group folder " + folder + " does not exist");
            }
            for (Path file : emlFiles(folder)) {
                Matcher name = FILE_NAME.matcher(file.getFileName().toString());
                if (!name.matches()) {
                    throw new DataFormatException(file + ": name is not <number>.<md5>.eml, so the split cannot place it");
                }
                if (digits.indexOf(name.group(1).charAt(0)) < 0) {
                    continue;
                }
                String text = classifierText(parser, file, maxBodyChars);
                if (text.isBlank()) {
                    empty++;
                    continue;
                }
                examples.add(new LabelledText(text, group.getValue(), group.getKey() + "/" + file.getFileName()));
            }
        }
        if (empty > 0) {
            System.err.printf("%s: %d message(s) with no subject and no readable body left out%n", splitFile.getFileName(), empty);
        }
        if (examples.isEmpty()) {
            throw new DataFormatException(splitFile + ": no message of " + groups.keySet() + " under " + root
                    + " falls in md5 digits '" + digits + "'");
        }
        return examples;
    }

    /** The classifier's text of one .eml file; a file that cannot be read or parsed is a {@link DataFormatException}. */
    public static String classifierText(EmailParser parser, Path file, int maxBodyChars) {
        try (InputStream in = Files.newInputStream(file)) {
            EmailContent email = parser.parse(in);
            return ClassifierInput.of(email, maxBodyChars);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Path> emlFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().toList();
        } catch (IOException e) {
            throw new DataFormatException(folder + ": cannot be listed: " + e.getMessage(), e);
        }
    }

    private static JsonNode readSpec(Path splitFile) {
        JsonNode spec;
        try {
            spec = JSON.readTree(splitFile.toFile());
        } catch (JsonProcessingException e) {
            throw new DataFormatException(splitFile + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DataFormatException(splitFile + ": cannot be read: " + e.getMessage(), e);
        }
        if (spec == null || !spec.isObject()) {
            throw new DataFormatException(splitFile + ": must be a JSON object with root, groups and md5FirstHexDigits");
        }
        Iterator<String> names = spec.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new DataFormatException(splitFile + ": field '" + name + "' is not known; known fields are " + FIELDS);
            }
        }
        return spec;
    }

    private static String text(Path splitFile, JsonNode spec, String field) {
        JsonNode value = spec.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new DataFormatException(splitFile + ": field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static Map<String, String> groups(Path splitFile, JsonNode spec) {
        JsonNode node = spec.get("groups");
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new DataFormatException(splitFile + ": field 'groups' must be an object of \"folder\": \"label\"");
        }
        Map<String, String> groups = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
                throw new DataFormatException(splitFile + ": groups." + entry.getKey() + " must be a label name");
            }
            groups.put(entry.getKey(), entry.getValue().asText());
        });
        return groups;
    }
}
