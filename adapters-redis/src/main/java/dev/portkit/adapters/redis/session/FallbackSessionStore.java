package dev.portkit.adapters.redis.session;

import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisUnavailableException;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionAttributes;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreUnavailableException;
import dev.portkit.domain.session.SessionToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RedisSessionStore} behind the shared {@link RedisCircuit}, with a process-local store
 * (in practice the in-memory adapter, wired in by bootstrap) that takes over new logins while Redis
 * is unavailable.
 *
 * <h2>While Redis is down</h2>
 *
 * <ul>
 *   <li>{@code create} (login) succeeds: the session is made in the fallback store.
 *   <li>{@code find} opens sessions made during the outage; a session held only in Redis cannot be
 *       checked and is reported as absent (the client gets 401 and can log in again).
 *   <li>{@code updateAttributes}, {@code delete}, {@code sessionsOf} and {@code deleteAll} work on
 *       local sessions; when they would also need Redis they throw {@link
 *       SessionStoreUnavailableException} rather than pretend: a logout that did not happen must not
 *       look as if it did.
 * </ul>
 *
 * <h2>When Redis is back: written through</h2>
 *
 * Sessions made during the outage are copied to Redis (same id, times, attributes and expiry) by a
 * recovery step that runs before the circuit closes, then removed from the fallback, so that every
 * instance sees them and "log out everywhere" reaches them. A session deleted while it is being
 * copied is deleted from Redis too, so a logout is never undone. Should copying fail, the circuit
 * stays open and the next probe tries again; until then those sessions keep working on this
 * instance. The fallback is checked first on every lookup, which costs one in-memory map read.
 *
 * <p>Thread-safe. Registers its recovery step with the circuit on construction.
 */
public final class FallbackSessionStore implements SessionStore {

    private static final Logger log = LoggerFactory.getLogger(FallbackSessionStore.class);

    private final RedisSessionStore redis;
    private final SessionStore fallback;
    private final RedisCircuit circuit;
    /** Sessions made in the fallback and not yet copied to Redis, with their owners. */
    private final ConcurrentMap<SessionToken, Principal> local = new ConcurrentHashMap<>();

    public FallbackSessionStore(RedisSessionStore redis, SessionStore fallback, RedisCircuit circuit) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.circuit = Objects.requireNonNull(circuit, "circuit");
        circuit.addRecoveryStep(this::copyLocalSessionsToRedis);
    }

    @Override
    public IssuedSession create(Principal principal, Map<String, String> attributes) {
        Objects.requireNonNull(principal, "principal");
        Map<String, String> checked = SessionAttributes.validated(attributes);
        try {
            return circuit.call(() -> redis.create(principal, checked));
        } catch (RedisUnavailableException e) {
            IssuedSession issued = fallback.create(principal, checked);
            local.put(issued.token(), principal);
            return issued;
        }
    }

    @Override
    public Optional<Session> find(SessionToken token) {
        Optional<Session> here = findLocal(token);
        if (here.isPresent()) {
            return here;
        }
        try {
            return circuit.call(() -> redis.find(token));
        } catch (RedisUnavailableException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Session> updateAttributes(SessionToken token, Map<String, String> attributes) {
        Objects.requireNonNull(token, "token");
        Map<String, String> checked = SessionAttributes.validated(attributes);
        Optional<Session> here =
                local.containsKey(token) ? fallback.updateAttributes(token, checked) : Optional.empty();
        return here.isPresent() ? here : inRedis(() -> redis.updateAttributes(token, checked));
    }

    @Override
    public boolean delete(SessionToken token) {
        Objects.requireNonNull(token, "token");
        if (local.remove(token) != null && fallback.delete(token)) {
            return true;
        }
        return inRedis(() -> redis.delete(token));
    }

    @Override
    public List<Session> sessionsOf(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        List<Session> sessions = new ArrayList<>(fallback.sessionsOf(principal));
        sessions.addAll(inRedis(() -> redis.sessionsOf(principal)));
        return sessions;
    }

    @Override
    public int deleteAll(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        int deleted = fallback.deleteAll(principal);
        local.values().removeIf(principal::equals);
        return deleted + inRedis(() -> redis.deleteAll(principal));
    }

    /** How many sessions live only in this process, waiting to be copied to Redis. */
    public int localSessions() {
        return local.size();
    }

    private Optional<Session> findLocal(SessionToken token) {
        if (!local.containsKey(token)) {
            return Optional.empty();
        }
        Optional<Session> session = fallback.find(token);
        if (session.isEmpty()) {
            local.remove(token);
        }
        return session;
    }

    private <T> T inRedis(Supplier<T> call) {
        try {
            return circuit.call(call);
        } catch (RedisUnavailableException e) {
            throw new SessionStoreUnavailableException("sessions in Redis cannot be reached now", e);
        }
    }

    /**
     * The recovery step: runs on the circuit's probe thread while requests still avoid Redis, so it
     * calls the Redis store directly. Throws (and is retried at the next probe) if Redis fails.
     */
    private void copyLocalSessionsToRedis() {
        int copied = 0;
        for (Map.Entry<SessionToken, Principal> entry : local.entrySet()) {
            SessionToken token = entry.getKey();
            Optional<Session> session = fallback.sessionsOf(entry.getValue()).stream()
                    .filter(s -> s.id().equals(token.id()))
                    .findFirst();
            if (session.isPresent() && redis.restore(session.get())) {
                copied++;
                if (!fallback.delete(token)) {
                    redis.delete(token); // logged out meanwhile: do not bring it back
                    copied--;
                }
            } else {
                fallback.delete(token);
            }
            local.remove(token);
        }
        if (copied > 0) {
            log.info("Copied {} sessions created during the Redis outage to Redis", copied);
        }
    }
}
