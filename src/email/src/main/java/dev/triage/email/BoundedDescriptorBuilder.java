package dev.triage.email;

import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.BodyDescriptorBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.RawField;

/**
 * mime4j's body descriptor builder, minus content headers too long to be real: mime4j parses every
 * Content-* header of every part into its parameters, and a megabyte-long one (a 1 MB charset name)
 * takes seconds to parse. Such a header is ignored, as if absent, and the cut is listed.
 */
final class BoundedDescriptorBuilder implements BodyDescriptorBuilder {

    /** Far above any real Content-Type or Content-Disposition, long file names in RFC 2231 continuations included. */
    static final int MAX_CONTENT_HEADER_BYTES = 8192;

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
        int length = field.getRaw() == null ? 0 : field.getRaw().length();
        if (length > MAX_CONTENT_HEADER_BYTES && field.getName().toLowerCase(Locale.ROOT).startsWith("content-")) {
            cuts.add(field.getName() + " header of " + length + " bytes (over " + MAX_CONTENT_HEADER_BYTES + "): ignored");
            return field;
        }
        return delegate.addField(field);
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
