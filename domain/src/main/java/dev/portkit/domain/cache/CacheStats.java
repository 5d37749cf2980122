package dev.portkit.domain.cache;

/**
 * Counters of one namespace since the cache was created. Adapters count what they can see from
 * their own process only.
 *
 * @param hits lookups served from the cache (including cached absences)
 * @param misses lookups that found nothing usable (absent, expired or undecodable)
 * @param loads loader runs that completed normally (a shared single-flight load counts once)
 * @param loadFailures loader runs that threw
 * @param errors failures of the cache itself: undecodable payloads, store errors that were absorbed
 * @param evictions entries removed for size by the cache (0 where the adapter cannot know, e.g. Redis)
 */
public record CacheStats(long hits, long misses, long loads, long loadFailures, long errors, long evictions) {

    public static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0, 0);

    /** The sum of two snapshots, e.g. of a primary cache and its fallback. */
    public CacheStats plus(CacheStats other) {
        return new CacheStats(
                hits + other.hits,
                misses + other.misses,
                loads + other.loads,
                loadFailures + other.loadFailures,
                errors + other.errors,
                evictions + other.evictions);
    }
}
