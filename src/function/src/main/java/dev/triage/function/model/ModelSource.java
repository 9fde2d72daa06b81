package dev.triage.function.model;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a function's model comes from, and what it must be.
 *
 * @param location  a folder or {@code s3://bucket/prefix/}; empty: the built-in model
 * @param sha256    the sha256 of the bundle's triage.json the function is pinned to; empty: no check
 * @param pinKey    the configuration key of the pin, for messages
 * @param builtIn   the built-in model's folder
 */
public record ModelSource(Optional<String> location, Optional<String> sha256, String pinKey, Supplier<Path> builtIn) {
}
