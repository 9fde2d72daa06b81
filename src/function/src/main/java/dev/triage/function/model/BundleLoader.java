package dev.triage.function.model;

import dev.triage.core.bundle.ModelBundle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Turns a configured model location into a loaded, checked bundle: unset means a built-in model,
 * {@code s3://bucket/prefix/} is downloaded and verified first, anything else is a local folder.
 */
@ApplicationScoped
public class BundleLoader {

    private final Supplier<S3Client> s3;

    @Inject
    public BundleLoader(Instance<S3Client> s3) {
        this(s3::get);
    }

    public BundleLoader(Supplier<S3Client> s3) {
        this.s3 = s3;
    }

    public ModelBundle load(Optional<String> location, Supplier<ModelBundle> builtIn) {
        if (location.isEmpty() || location.get().isBlank()) {
            return builtIn.get();
        }
        String where = location.get().trim();
        if (S3BundleUri.matches(where)) {
            Path local = new S3BundleDownloader(s3.get(), S3BundleDownloader.defaultCacheRoot()).download(S3BundleUri.parse(where));
            return ModelBundle.load(local);
        }
        return ModelBundle.load(Path.of(where));
    }
}
