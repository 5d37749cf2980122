package dev.portkit.bootstrap.config;

/** Which adapters back the cache, session and lock ports ({@code CACHE_ADAPTER}). */
public enum AdapterChoice {
    /** Redis when {@code REDIS_URL} or {@code REDIS_HOST} is set, otherwise in-memory. */
    AUTO,
    /** In-process adapters (Caffeine): one instance, nothing shared, nothing to install. */
    MEMORY,
    /** Redis adapters (Lettuce), with the in-memory cache as the fallback while Redis is down. */
    REDIS
}
