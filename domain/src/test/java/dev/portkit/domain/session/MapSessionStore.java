package dev.portkit.domain.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The smallest {@link SessionStore} that keeps the contract: one synchronized map, pruned on every
 * call. It proves the {@link SessionStoreContract} suite itself, and serves adapter tests that need
 * an in-process store (e.g. as the fallback of the Redis store) without depending on another adapter
 * module. Not for production: every call scans every session.
 */
public final class MapSessionStore implements SessionStore {

    private final SessionTimeouts timeouts;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<SessionId, Session> sessions = new HashMap<>();

    public MapSessionStore(SessionTimeouts timeouts, Clock clock) {
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized IssuedSession create(Principal principal, Map<String, String> attributes) {
        Objects.requireNonNull(principal, "principal");
        Map<String, String> checked = SessionAttributes.validated(attributes);
        Instant now = prune();
        SessionToken token = SessionToken.issue(principal, random);
        Instant absolute = now.plus(timeouts.absolute());
        Instant idle = now.plus(timeouts.idle());
        Session session = new Session(
                token.id(), principal, checked, now, now, idle.isBefore(absolute) ? idle : absolute, absolute);
        sessions.put(session.id(), session);
        return new IssuedSession(token, session);
    }

    @Override
    public synchronized Optional<Session> find(SessionToken token) {
        Objects.requireNonNull(token, "token");
        Instant now = prune();
        return Optional.ofNullable(sessions.computeIfPresent(token.id(), (id, s) -> {
            Instant idle = now.plus(timeouts.idle());
            Instant expires = idle.isBefore(s.absoluteExpiresAt()) ? idle : s.absoluteExpiresAt();
            return new Session(id, s.principal(), s.attributes(), s.createdAt(), now, expires, s.absoluteExpiresAt());
        }));
    }

    @Override
    public synchronized Optional<Session> updateAttributes(SessionToken token, Map<String, String> attributes) {
        Objects.requireNonNull(token, "token");
        Map<String, String> checked = SessionAttributes.validated(attributes);
        prune();
        return Optional.ofNullable(sessions.computeIfPresent(
                token.id(),
                (id, s) -> new Session(
                        id,
                        s.principal(),
                        checked,
                        s.createdAt(),
                        s.lastAccessedAt(),
                        s.expiresAt(),
                        s.absoluteExpiresAt())));
    }

    @Override
    public synchronized boolean delete(SessionToken token) {
        Objects.requireNonNull(token, "token");
        prune();
        return sessions.remove(token.id()) != null;
    }

    @Override
    public synchronized List<Session> sessionsOf(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        prune();
        List<Session> result = new ArrayList<>();
        sessions.values().stream().filter(s -> s.principal().equals(principal)).forEach(result::add);
        return result;
    }

    @Override
    public synchronized int deleteAll(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        prune();
        int before = sessions.size();
        sessions.values().removeIf(s -> s.principal().equals(principal));
        return before - sessions.size();
    }

    /** Drops expired sessions and returns the current time. */
    private Instant prune() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            if (!it.next().expiresAt().isAfter(now)) {
                it.remove();
            }
        }
        return now;
    }
}
