package dev.portkit.domain.ratelimit;

/**
 * A driven port that limits how often something may happen per key, e.g. login attempts per
 * username and per client address.
 *
 * <h2>Algorithm: sliding window log</h2>
 *
 * For one {@link RateLimit} and one key, at most {@code permits} acquisitions succeed in any
 * interval of length {@code window}, wherever it starts (no burst at window boundaries as with
 * fixed windows). A denied attempt is not counted, so a client that keeps retrying is let in as soon
 * as its oldest counted attempt leaves the window: {@link RateLimitResult#retryAfter()} says when.
 * The store keeps one timestamp per counted attempt, so memory per key is bounded by {@code
 * permits}; a key's state disappears one window after its last counted attempt.
 *
 * <h2>Contract</h2>
 *
 * Keys are any non-null strings (compared exactly); different keys and different limit names never
 * share counts. Implementations are thread-safe and atomic: concurrent calls for one key never grant
 * more than {@code permits} in a window. A {@code null} argument throws {@link
 * NullPointerException}. A limiter that cannot reach its backend throws {@link
 * RateLimiterUnavailableException}; callers decide whether to fail open or closed. The shared test
 * suite {@code RateLimiterContract} (domain test-jar) pins this behaviour for every adapter.
 */
public interface RateLimiter {

    /** Takes a permit for {@code key} under {@code limit} if one is free. */
    RateLimitResult tryAcquire(RateLimit limit, String key);
}
