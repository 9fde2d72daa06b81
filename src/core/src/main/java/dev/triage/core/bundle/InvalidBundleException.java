package dev.triage.core.bundle;

import java.nio.file.Path;

/**
 * A model bundle that cannot be served. The message always names the bundle, the file and, where
 * one is at fault, the field, so that whoever produced the bundle knows what to fix.
 */
public final class InvalidBundleException extends RuntimeException {

    private final String bundle;
    private final String file;
    private final String field;

    public InvalidBundleException(Path bundle, String file, String field, String problem) {
        this(String.valueOf(bundle), file, field, problem, null);
    }

    public InvalidBundleException(Path bundle, String file, String field, String problem, Throwable cause) {
        this(String.valueOf(bundle), file, field, problem, cause);
    }

    /** For a bundle that is not (yet) a folder: {@code s3://...}, {@code classpath:...}. */
    public InvalidBundleException(String bundle, String file, String field, String problem) {
        this(bundle, file, field, problem, null);
    }

    public InvalidBundleException(String bundle, String file, String field, String problem, Throwable cause) {
        super(describe(bundle, file, field, problem), cause);
        this.bundle = bundle;
        this.file = file;
        this.field = field;
    }

    private static String describe(String bundle, String file, String field, String problem) {
        StringBuilder message = new StringBuilder("invalid model bundle ").append(bundle).append(": ").append(file);
        if (field != null) {
            message.append(" field '").append(field).append('\'');
        }
        return message.append(": ").append(problem).toString();
    }

    /** Where the bundle is: a folder, {@code s3://...} or {@code classpath:...}. */
    public String bundle() {
        return bundle;
    }

    /** The bundle file at fault, such as {@code config.json}. */
    public String file() {
        return file;
    }

    /** The field at fault inside {@link #file()}, or null when the whole file is. */
    public String field() {
        return field;
    }
}
