package dev.portkit.adapters.inmemory.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionAttributes;
import dev.portkit.domain.session.SessionId;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.session.SessionToken;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * {@link SessionStore} in this process's memory (Caffeine): sessions are lost on restart and not
 * shared between instances. Each entry expires at its session's {@link Session#expiresAt()}, so
 * abandoned sessions are evicted without a sweeper thread; the principal index drops an entry when
 * its session is removed for any reason.
 *
 * <p>Keyed by {@link SessionId}: like every store, it keeps no token. Times have millisecond
 * precision and come from the given {@link Clock}.
 */
public final class InMemorySessionStore implements SessionStore {

    private final SessionTimeouts timeouts;
    private final Clock clock;
    private final SecureRandom random;
    private final Cache<SessionId, Session> sessions;
    private final ConcurrentMap<Principal, Set<SessionId>> index = new ConcurrentHashMap<>();

    public InMemorySessionStore(SessionTimeouts timeouts, Clock clock) {
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = new SecureRandom();
        this.sessions = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.<SessionId, Session>writing(
                        (id, session) -> Duration.between(clock.instant(), session.expiresAt())))
                .executor(Runnable::run)
                .removalListener((SessionId id, Session session, RemovalCause cause) -> {
                    if (cause != RemovalCause.REPLACED && id != null && session != null) {
                        unindex(session.principal(), id);
                    }
                })
                .build();
    }

    @Override
    public IssuedSession create(Principal principal, Map<String, String> attributes) {
        Objects.requireNonNull(principal, "principal");
        Map<String, String> checked = SessionAttributes.validated(attributes);
        SessionToken token = SessionToken.issue(principal, random);
        Instant now = now();
        Instant absolute = now.plus(timeouts.absolute());
        Session session = new Session(
                token.id(), principal, checked, now, now, earliest(now.plus(timeouts.idle()), absolute), absolute);
        index.compute(principal, (p, ids) -> {
            Set<SessionId> indexed = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            indexed.add(session.id());
            return indexed;
        });
        sessions.put(session.id(), session);
        return new IssuedSession(token, session);
    }

    @Override
    public Optional<Session> find(SessionToken token) {
        Instant now = now();
        return replaceIfLive(
                token,
                now,
                session -> new Session(
                        session.id(),
                        session.principal(),
                        session.attributes(),
                        session.createdAt(),
                        now,
                        earliest(now.plus(timeouts.idle()), session.absoluteExpiresAt()),
                        session.absoluteExpiresAt()));
    }

    @Override
    public Optional<Session> updateAttributes(SessionToken token, Map<String, String> attributes) {
        Objects.requireNonNull(token, "token");
        Map<String, String> checked = SessionAttributes.validated(attributes);
        return replaceIfLive(
                token,
                now(),
                session -> new Session(
                        session.id(),
                        session.principal(),
                        checked,
                        session.createdAt(),
                        session.lastAccessedAt(),
                        session.expiresAt(),
                        session.absoluteExpiresAt()));
    }

    @Override
    public boolean delete(SessionToken token) {
        Session removed = sessions.asMap().remove(token.id());
        return removed != null && isLive(removed, now());
    }

    @Override
    public List<Session> sessionsOf(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        Instant now = now();
        List<Session> live = new ArrayList<>();
        for (SessionId id : index.getOrDefault(principal, Set.of())) {
            Session session = sessions.getIfPresent(id);
            if (session != null && isLive(session, now)) {
                live.add(session);
            } else {
                unindex(principal, id);
            }
        }
        return live;
    }

    @Override
    public int deleteAll(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        Instant now = now();
        int deleted = 0;
        for (SessionId id : index.getOrDefault(principal, Set.of())) {
            Session removed = sessions.asMap().remove(id);
            if (removed != null && isLive(removed, now)) {
                deleted++;
            }
            unindex(principal, id);
        }
        return deleted;
    }

    /** Atomically replaces the live session the token opens; an expired one is removed instead. */
    private Optional<Session> replaceIfLive(SessionToken token, Instant now, UnaryOperator<Session> change) {
        AtomicReference<Session> result = new AtomicReference<>();
        sessions.asMap().computeIfPresent(token.id(), (id, session) -> {
            if (!isLive(session, now)) {
                return null;
            }
            Session changed = change.apply(session);
            result.set(changed);
            return changed;
        });
        return Optional.ofNullable(result.get());
    }

    private void unindex(Principal principal, SessionId id) {
        index.computeIfPresent(principal, (p, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean isLive(Session session, Instant now) {
        return session.expiresAt().isAfter(now);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
