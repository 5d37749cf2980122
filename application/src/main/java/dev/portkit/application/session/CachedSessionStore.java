package dev.portkit.application.session;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CacheResult;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreUnavailableException;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.session.SessionToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SessionStore} that keeps its sessions in a source of truth (a database) and serves them from a
 * {@link Cache} in front of it (Redis, or memory): cache-aside, as for content. It lives in {@code
 * application} because it is neither a use case nor tied to a technology: it composes two ports, and the
 * policy it encodes (how stale a session may be, when a request costs a write) is the application's.
 *
 * <h2>Reads</h2>
 *
 * {@link #find} serves a session from the cache. On a miss it loads the session from the source, which slides
 * its idle expiry, and caches it ({@link Cache#getOrLoad}, so that a logout racing the load wins). With the
 * cache unavailable (Redis down, and its fallback empty), every session is checked against the source: a
 * cache outage logs nobody out. With the source unavailable, a cached session is still served; a session that
 * is not cached cannot be checked ({@link SessionStoreUnavailableException}, "try again").
 *
 * <h2>Sliding expiry without a write per request</h2>
 *
 * A cached session whose last write to the source ({@link Session#lastAccessedAt()}) is {@code touchInterval}
 * old or more is read from the source again, which slides its expiry: one write per session per interval,
 * however many requests. The price is precision: a session ends between {@code idle - touchInterval} and
 * {@code idle} after its last use. It also bounds staleness: no cached copy is trusted for longer than {@code
 * touchInterval}.
 *
 * <h2>Logouts</h2>
 *
 * {@link #delete} and {@link #deleteAll} delete in the source first, then evict the cache. A shared cache
 * (Redis) is evicted for every instance at once. An instance that serves from a cache of its own (the
 * in-memory fallback while Redis is down) may accept a session logged out elsewhere until its cached copy
 * is {@code touchInterval} old, at most.
 *
 * <p>Thread-safe.
 */
public final class CachedSessionStore implements SessionStore {

    /** The cache namespace of sessions; keys are session ids (token hashes), never tokens. */
    public static final String NAMESPACE = "session";

    private final SessionStore source;
    private final Cache cache;
    private final CacheNamespace namespace;
    private final Duration touchInterval;
    private final Clock clock;
    /** Sessions being touched by this process now: concurrent requests for one serve the cached copy. */
    private final Set<String> touching = ConcurrentHashMap.newKeySet();

    /**
     * @param source the source of truth, which slides the idle expiry on every {@link SessionStore#find}
     * @param timeouts the source's timeouts; a cached session lives at most the idle timeout
     * @param touchInterval how old a cached session may get before a request writes to the source; positive
     *     and shorter than the idle timeout
     */
    public CachedSessionStore(
            SessionStore source, Cache cache, SessionTimeouts timeouts, Duration touchInterval, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.touchInterval = Objects.requireNonNull(touchInterval, "touchInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (touchInterval.isNegative() || touchInterval.isZero() || touchInterval.compareTo(timeouts.idle()) >= 0) {
            throw new IllegalArgumentException("touchInterval must be positive and shorter than the idle timeout "
                    + timeouts.idle() + ", was " + touchInterval);
        }
        this.namespace = CacheNamespace.of(NAMESPACE, timeouts.idle());
    }

    @Override
    public IssuedSession create(Principal principal, Map<String, String> attributes) {
        IssuedSession issued = source.create(principal, attributes);
        cache.put(namespace, key(issued.token()), issued.session(), SessionCodec.INSTANCE);
        return issued;
    }

    @Override
    public Optional<Session> find(SessionToken token) {
        Objects.requireNonNull(token, "token");
        String key = key(token);
        CacheResult<Session> result = cache.getOrLoad(namespace, key, SessionCodec.INSTANCE, () -> source.find(token));
        if (result.value().isEmpty() || !result.hit()) {
            return result.value(); // unknown, or loaded (and slid) just now
        }
        Session cached = result.value().get();
        Instant now = clock.instant();
        if (Duration.between(cached.lastAccessedAt(), now).compareTo(touchInterval) < 0) {
            return Optional.of(cached);
        }
        return touch(token, key, cached, now);
    }

    @Override
    public Optional<Session> updateAttributes(SessionToken token, Map<String, String> attributes) {
        Objects.requireNonNull(token, "token");
        try {
            return source.updateAttributes(token, attributes);
        } finally {
            cache.delete(namespace, key(token));
        }
    }

    @Override
    public boolean delete(SessionToken token) {
        Objects.requireNonNull(token, "token");
        try {
            return source.delete(token);
        } finally {
            cache.delete(namespace, key(token)); // also when the outcome is unknown
        }
    }

    @Override
    public List<Session> sessionsOf(Principal principal) {
        return source.sessionsOf(principal);
    }

    @Override
    public int deleteAll(Principal principal) {
        List<Session> sessions = source.sessionsOf(principal);
        try {
            return source.deleteAll(principal);
        } finally {
            cache.deleteAll(
                    namespace, sessions.stream().map(s -> s.id().value()).toList());
        }
    }

    /**
     * Reads the session from the source again, sliding its expiry there, and caches what it finds. The
     * entry is deleted first and reloaded through {@link Cache#getOrLoad}, so that a logout that races the
     * touch wins over it. While the source is down, a copy that is still live is served and kept.
     */
    private Optional<Session> touch(SessionToken token, String key, Session cached, Instant now) {
        boolean live = cached.expiresAt().isAfter(now);
        if (!touching.add(key)) {
            return live ? Optional.of(cached) : source.find(token); // another thread is on it
        }
        try {
            cache.delete(namespace, key);
            return cache.getOrLoad(namespace, key, SessionCodec.INSTANCE, () -> source.find(token))
                    .value();
        } catch (SessionStoreUnavailableException e) {
            if (!live) {
                throw e;
            }
            cache.put(namespace, key, cached, SessionCodec.INSTANCE);
            return Optional.of(cached);
        } finally {
            touching.remove(key);
        }
    }

    private static String key(SessionToken token) {
        return token.id().value();
    }
}
