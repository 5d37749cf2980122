package dev.portkit.application.content;

import java.util.Objects;

/**
 * What a read returned and whether the cache served it.
 *
 * @param value what was read
 * @param hit {@code true} when served from the cache, {@code false} when loaded from the repository
 */
public record Cached<T>(T value, boolean hit) {

    public Cached {
        Objects.requireNonNull(value, "value");
    }
}
