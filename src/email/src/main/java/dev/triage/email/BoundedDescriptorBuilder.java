package dev.triage.email;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.BodyDescriptorBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * mime4j's body descriptor builder, with content headers cut to a length real mail never needs:
 * mime4j parses every Content-* header of every part into its parameters, and a megabyte-long one
 * (a 1 MB charset name) takes seconds to parse. The cut keeps the header's start, where the type and
 * the usual parameters are, and is listed. (Real spam comes close: a Content-Type of 14 KB, "text/html"
 * followed by thousands of empty parameters.)
 */
final class BoundedDescriptorBuilder implements BodyDescriptorBuilder {

    /** Far above any real Content-Type or Content-Disposition, long file names in RFC 2231 continuations included. */
    static final int MAX_CONTENT_HEADER_BYTES = 64 * 1024;

    private final BodyDescriptorBuilder delegate;
    private final List<String> cuts;

    BoundedDescriptorBuilder(List<String> cuts) {
        this(new DefaultBodyDescriptorBuilder(), cuts);
    }

    private BoundedDescriptorBuilder(BodyDescriptorBuilder delegate, List<String> cuts) {
        this.delegate = delegate;
        this.cuts = cuts;
    }

    @Override
    public void reset() {
        delegate.reset();
    }

    @Override
    public Field addField(RawField field) throws MimeException {
        int length = field.getRaw() == null ? 0 : field.getRaw().length(); // parsed fields always have their raw bytes
        if (length > MAX_CONTENT_HEADER_BYTES && field.getName().toLowerCase(Locale.ROOT).startsWith("content-")) {
            cuts.add(field.getName() + " header of " + length + " bytes: cut to " + MAX_CONTENT_HEADER_BYTES);
            return delegate.addField(new RawField(field.getName(), start(field)));
        }
        return delegate.addField(field);
    }

    /** The field's value up to the limit, from its raw bytes (a header is ASCII): the rest is never decoded. */
    private static String start(RawField field) {
        ByteSequence raw = field.getRaw();
        int skip = Math.min(raw.length(), field.getDelimiterIdx() + 1); // past "Name:"
        byte[] bytes = new byte[Math.min(raw.length() - skip, MAX_CONTENT_HEADER_BYTES)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = raw.byteAt(skip + i);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("\r?\n(?=[ \t])", "").trim();
    }

    @Override
    public BodyDescriptor build() {
        return delegate.build();
    }

    @Override
    public BodyDescriptorBuilder newChild() {
        return new BoundedDescriptorBuilder(delegate.newChild(), cuts);
    }
}
