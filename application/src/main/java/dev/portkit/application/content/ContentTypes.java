package dev.portkit.application.content;

import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.content.ContentType;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The configured content types and how long their items are cached. A type that is not configured
 * does not exist for the use cases ({@link UnknownContentTypeException}).
 *
 * <p>Each type gets two cache namespaces with its TTL: {@code content-item-<type>} for single
 * items (absent ids cached for {@code negativeTtl}) and {@code content-page-<type>} for list
 * pages. The prefixes differ, so no type's namespace can collide with another's.
 */
public final class ContentTypes {

    private final Map<String, Entry> byName;
    private final Duration negativeTtl;

    /**
     * @param cacheTtls every type with its cache TTL (positive), in the order to list them
     * @param negativeTtl how long an absent id is cached; zero disables negative caching
     */
    public ContentTypes(Map<ContentType, Duration> cacheTtls, Duration negativeTtl) {
        Objects.requireNonNull(cacheTtls, "cacheTtls");
        this.negativeTtl = Objects.requireNonNull(negativeTtl, "negativeTtl");
        if (cacheTtls.isEmpty()) {
            throw new IllegalArgumentException("at least one content type is required");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        cacheTtls.forEach((type, ttl) -> entries.put(
                type.name(),
                new Entry(
                        type,
                        new CacheNamespace("content-item-" + type.name(), ttl, negativeTtl),
                        CacheNamespace.of("content-page-" + type.name(), ttl))));
        this.byName = Collections.unmodifiableMap(entries);
    }

    /**
     * The configured type with this name.
     *
     * @throws UnknownContentTypeException if no such type is configured
     */
    public ContentType require(String name) {
        Entry entry = byName.get(Objects.requireNonNull(name, "name"));
        if (entry == null) {
            throw new UnknownContentTypeException(name, types());
        }
        return entry.type;
    }

    /** Every configured type, in configuration order. */
    public List<ContentType> types() {
        return byName.values().stream().map(e -> e.type).toList();
    }

    /** How long the type's items and list pages are cached. */
    public Duration cacheTtl(ContentType type) {
        return entry(type).items.ttl();
    }

    /** How long an absent id is cached; zero when absences are not cached. */
    public Duration negativeTtl() {
        return negativeTtl;
    }

    /** Every cache namespace of every type (items, then pages), for health reports and metrics. */
    public List<CacheNamespace> cacheNamespaces() {
        return byName.values().stream()
                .flatMap(e -> Stream.of(e.items, e.pages))
                .toList();
    }

    CacheNamespace itemNamespace(ContentType type) {
        return entry(type).items;
    }

    CacheNamespace pageNamespace(ContentType type) {
        return entry(type).pages;
    }

    private Entry entry(ContentType type) {
        Entry entry = byName.get(type.name());
        if (entry == null) {
            throw new UnknownContentTypeException(type.name(), types());
        }
        return entry;
    }

    @Override
    public String toString() {
        return byName.values().stream()
                        .map(e -> e.type.name() + "=" + e.items.ttl())
                        .collect(Collectors.joining(",", "ContentTypes[", ""))
                + ", negativeTtl=" + negativeTtl + "]";
    }

    private record Entry(ContentType type, CacheNamespace items, CacheNamespace pages) {}
}
