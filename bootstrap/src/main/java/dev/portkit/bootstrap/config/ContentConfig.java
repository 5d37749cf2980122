package dev.portkit.bootstrap.config;

import dev.portkit.application.content.ContentTypes;
import dev.portkit.domain.content.ContentType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the content types and their cache TTLs.
 *
 * <ul>
 *   <li>{@code CONTENT_TYPES}: comma-separated type names, default {@code event,venue,article}.
 *   <li>{@code CACHE_TTLS}: {@code type=duration} pairs; every type must be in {@code
 *       CONTENT_TYPES}. Unset, the built-in {@code event=5m,venue=15m,article=30m} applies to the
 *       types that are configured.
 *   <li>{@code CACHE_TTL_DEFAULT}: the TTL of types without one, default {@code 10m}.
 *   <li>{@code CACHE_NEGATIVE_TTL}: how long an unknown id is remembered, default {@code 30s};
 *       {@code 0s} turns that off.
 * </ul>
 */
final class ContentConfig {

    static final String DEFAULT_TYPES = "event,venue,article";
    static final Map<String, Duration> DEFAULT_TTLS = Map.of(
            "event", Duration.ofMinutes(5),
            "venue", Duration.ofMinutes(15),
            "article", Duration.ofMinutes(30));

    private ContentConfig() {}

    static ContentTypes read(Env env) {
        String typesRaw = env.string("CONTENT_TYPES", DEFAULT_TYPES);
        Map<String, ContentType> types = new LinkedHashMap<>();
        for (String part : typesRaw.split(",", -1)) {
            String name = part.strip();
            if (!ContentType.isValid(name)) {
                throw env.invalid(
                        "CONTENT_TYPES",
                        typesRaw,
                        (name.isEmpty() ? "an empty name" : "\"" + name + "\"")
                                + " is not a type name: use lower-case letters, digits and '-', starting with a"
                                + " letter, at most 40 characters, separated by commas");
            }
            if (types.putIfAbsent(name, new ContentType(name)) != null) {
                throw env.invalid("CONTENT_TYPES", typesRaw, "\"" + name + "\" is listed twice");
            }
        }

        Duration defaultTtl =
                env.duration("CACHE_TTL_DEFAULT", Duration.ofMinutes(10), Duration.ofMillis(1), Env.MAX_DURATION);
        Map<String, Duration> ttls =
                env.get("CACHE_TTLS").map(raw -> ttls(env, raw, types)).orElseGet(() -> DEFAULT_TTLS);
        Map<ContentType, Duration> cacheTtls = new LinkedHashMap<>();
        types.forEach((name, type) -> cacheTtls.put(type, ttls.getOrDefault(name, defaultTtl)));

        Duration negativeTtl =
                env.duration("CACHE_NEGATIVE_TTL", Duration.ofSeconds(30), Duration.ZERO, Duration.ofDays(1));
        return new ContentTypes(cacheTtls, negativeTtl);
    }

    /** {@code event=5m, venue=15m}: every type configured, listed once, with a positive TTL. */
    private static Map<String, Duration> ttls(Env env, String raw, Map<String, ContentType> types) {
        Map<String, Duration> ttls = new LinkedHashMap<>();
        for (String part : raw.split(",", -1)) {
            String[] pair = part.split("=", -1);
            if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                throw env.invalid("CACHE_TTLS", raw, "expected type=duration pairs such as event=5m,venue=15m");
            }
            String name = pair[0].strip();
            if (!types.containsKey(name)) {
                throw env.invalid(
                        "CACHE_TTLS",
                        raw,
                        "\"" + name + "\" is not in CONTENT_TYPES (" + String.join(",", types.keySet()) + ")");
            }
            Duration ttl;
            try {
                ttl = env.parseDuration("CACHE_TTLS", pair[1].strip());
            } catch (ConfigException e) {
                ttl = Duration.ZERO;
            }
            if (ttl.isZero() || ttl.compareTo(Env.MAX_DURATION) > 0) {
                throw env.invalid(
                        "CACHE_TTLS",
                        raw,
                        "the TTL of \"" + name
                                + "\" must be a duration from 1ms to 365d such as 250ms, 10s, 5m or 12h");
            }
            if (ttls.putIfAbsent(name, ttl) != null) {
                throw env.invalid("CACHE_TTLS", raw, "\"" + name + "\" is listed twice");
            }
        }
        return ttls;
    }
}
