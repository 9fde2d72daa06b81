package dev.triage.function.model;

import dev.triage.core.bundle.BundleSource;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a function's model comes from, and what it must be.
 *
 * @param location    a folder or {@code s3://bucket/prefix/}; empty: the built-in model
 * @param sha256      the sha256 of the bundle's triage.json the function is pinned to; empty: no check
 * @param locationKey the configuration key of the location, for messages
 * @param pinKey      the configuration key of the pin, for messages
 * @param builtIn     the built-in model
 */
public record ModelSource(Optional<String> location, Optional<String> sha256, String locationKey, String pinKey,
                          Supplier<BundleSource> builtIn) {
}
