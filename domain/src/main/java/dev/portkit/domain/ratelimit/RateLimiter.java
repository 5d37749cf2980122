package dev.portkit.domain.ratelimit;

/**
 * A driven port that limits how often something may happen per key, e.g. login attempts per
 * username and API requests per client.
 *
 * <h2>Behaviour: a sliding window, counted in steps</h2>
 *
 * For one {@link RateLimit} and one key:
 *
 * <ul>
 *   <li><b>Never more than the limit:</b> at most {@code permits} acquisitions succeed in any
 *       interval of length {@code window}, wherever it starts (no burst at window boundaries as with
 *       fixed windows), however many threads or instances share the limiter's store.
 *   <li><b>Permits come back, at most two steps late:</b> a permit stays counted from its grant for
 *       at least {@code window} and at most {@link RateLimit#countedAtMost()}: the window plus two
 *       {@link RateLimit#granularity() steps} of a fiftieth of it. So a key is refused only when it
 *       was granted {@code permits} in the last {@code countedAtMost()}; an idle key starts with all
 *       its permits.
 *   <li><b>Denials are free:</b> a denied attempt is not counted, and {@link
 *       RateLimitResult#retryAfter()} says when the next permit frees up (no earlier than that a
 *       retry can succeed, and at that moment it does unless someone else took the permit).
 *       {@link RateLimitResult#remaining()} may lag behind other instances' use.
 *   <li><b>No immortal state:</b> what a limiter stores for a key disappears at the latest {@code
 *       countedAtMost()} after the key's last granted permit; its size does not grow with
 *       {@code permits}.
 * </ul>
 *
 * An exact sliding-window log meets these rules; the shipped adapters count permits per step
 * instead (constant memory per key, see docs/ratelimit.md).
 *
 * <h2>Contract</h2>
 *
 * Keys are any non-null strings (compared exactly); different keys and different limit names never
 * share counts. Implementations are thread-safe and atomic: concurrent calls for one key never grant
 * more than the rules allow, and while the limit is not exhausted none of them is refused. A {@code
 * null} argument throws {@link NullPointerException}. A limiter that cannot reach its store acts as
 * the limit's {@link RateLimit#fallback()} says: it counts in memory ({@link RateLimitFallback#LOCAL})
 * or throws {@link RateLimiterUnavailableException} for the caller to let the request through
 * ({@link RateLimitFallback#OPEN}) or refuse it ({@link RateLimitFallback#CLOSED}). The shared test
 * suite {@code RateLimiterContract} (domain test-jar) pins this behaviour for every adapter.
 */
public interface RateLimiter {

    /** Takes a permit for {@code key} under {@code limit} if one is free. */
    RateLimitResult tryAcquire(RateLimit limit, String key);
}
