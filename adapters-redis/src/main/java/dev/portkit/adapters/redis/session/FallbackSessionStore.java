package dev.portkit.adapters.redis.session;

import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisUnavailableException;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionAttributes;
import dev.portkit.domain.session.SessionId;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreUnavailableException;
import dev.portkit.domain.session.SessionToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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
 * <h2>When Redis is back: written through, then handed over</h2>
 *
 * Sessions made during the outage are copied to Redis (same id, times, attributes and expiry) by a
 * recovery step that runs before the circuit closes, and stay served from the fallback until it has
 * closed: a session never answers 401 while it is being copied. Just after the circuit closed, a
 * second step copies them again (with what changed meanwhile, and the logins made while the recovery
 * ran, which requests still kept away from Redis) and removes them from the fallback: from then on
 * every instance sees them and "log out everywhere" reaches them. A session logged out after its copy
 * reached Redis is deleted there too, at once or when Redis is back, so a logout is never undone.
 * Should copying fail, the failure counts towards the circuit like any other call; the sessions not
 * handed over keep working on this instance, and are copied by the next recovery only if the circuit
 * opens again. The fallback is checked first on every lookup, which costs
 * one in-memory map read.
 *
 * <p>Thread-safe. Registers its steps with the circuit on construction.
 */
public final class FallbackSessionStore implements SessionStore {

    private static final Logger log = LoggerFactory.getLogger(FallbackSessionStore.class);

    private final RedisSessionStore redis;
    private final SessionStore fallback;
    private final RedisCircuit circuit;
    /** Sessions made in the fallback and not yet handed over to Redis. */
    private final ConcurrentMap<SessionToken, Local> local = new ConcurrentHashMap<>();
    /** Sessions logged out here whose copy in Redis could not be deleted yet. */
    private final Set<SessionToken> redisDeletes = ConcurrentHashMap.newKeySet();
    /** Held while a local session changes or moves to Redis, so that a change never falls between. */
    private final ReentrantLock moving = new ReentrantLock();

    public FallbackSessionStore(RedisSessionStore redis, SessionStore fallback, RedisCircuit circuit) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.circuit = Objects.requireNonNull(circuit, "circuit");
        circuit.addRecoveryStep(this::copyLocalSessionsToRedis);
        circuit.addRecoveredStep(this::handOverLocalSessions);
    }

    @Override
    public IssuedSession create(Principal principal, Map<String, String> attributes) {
        Objects.requireNonNull(principal, "principal");
        Map<String, String> checked = SessionAttributes.validated(attributes);
        try {
            return circuit.call(() -> redis.create(principal, checked));
        } catch (RedisUnavailableException e) {
            IssuedSession issued = fallback.create(principal, checked);
            local.put(issued.token(), new Local(principal, false, false));
            if (!circuit.isOpen()) { // closed meanwhile: the hand-over may have run before this login
                try {
                    handOverLocalSessions();
                } catch (RedisUnavailableException again) {
                    // the next recovery hands it over
                }
            }
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
        if (local.containsKey(token)) {
            moving.lock();
            try {
                Optional<Session> here =
                        local.containsKey(token) ? fallback.updateAttributes(token, checked) : Optional.empty();
                if (here.isPresent()) {
                    return here; // the hand-over copies it to Redis as it is then
                }
            } finally {
                moving.unlock();
            }
        }
        return inRedis(() -> redis.updateAttributes(token, checked));
    }

    @Override
    public boolean delete(SessionToken token) {
        Objects.requireNonNull(token, "token");
        Local here;
        boolean deleted;
        moving.lock();
        try {
            here = local.remove(token);
            deleted = here != null && fallback.delete(token);
        } finally {
            moving.unlock();
        }
        if (!deleted) {
            return inRedis(() -> redis.delete(token));
        }
        if (here.copied()) {
            try {
                circuit.run(() -> redis.delete(token));
            } catch (RedisUnavailableException e) {
                redisDeletes.add(token); // deleted when Redis is back, before anything is handed over
            }
        }
        return true;
    }

    @Override
    public List<Session> sessionsOf(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        List<Session> sessions = new ArrayList<>(fallback.sessionsOf(principal));
        Set<SessionId> here = sessions.stream().map(Session::id).collect(Collectors.toSet());
        inRedis(() -> redis.sessionsOf(principal)).stream()
                .filter(s -> !here.contains(s.id())) // copied, not yet handed over
                .forEach(sessions::add);
        return sessions;
    }

    @Override
    public int deleteAll(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        int deleted;
        List<SessionToken> copied = new ArrayList<>();
        moving.lock();
        try {
            deleted = fallback.deleteAll(principal);
            local.entrySet().removeIf(entry -> {
                if (!entry.getValue().owner().equals(principal)) {
                    return false;
                }
                if (entry.getValue().copied()) {
                    copied.add(entry.getKey());
                }
                return true;
            });
        } finally {
            moving.unlock();
        }
        try {
            return deleted + inRedis(() -> redis.deleteAll(principal));
        } catch (SessionStoreUnavailableException e) {
            redisDeletes.addAll(copied);
            throw e;
        }
    }

    /** How many sessions live only in this process, waiting to be handed over to Redis. */
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
     * calls the Redis store directly. Copies every local session and keeps serving it from here until the
     * circuit has closed. Throws (and is retried at the next probe) if Redis fails.
     */
    private void copyLocalSessionsToRedis() {
        int copied = 0;
        moving.lock();
        try {
            redisDeletes.removeIf(token -> {
                redis.delete(token);
                return true;
            });
            for (Map.Entry<SessionToken, Local> entry : local.entrySet()) {
                if (copy(entry.getKey(), entry.getValue(), Supplier::get, false)) {
                    copied++;
                }
            }
        } finally {
            moving.unlock();
        }
        if (copied > 0) {
            log.info("Copied {} sessions created during the Redis outage to Redis", copied);
        }
    }

    /**
     * Runs just after the circuit closed, and after a login that found it open just before: copies each
     * local session to Redis as it is now, through the circuit, and removes it from here.
     */
    private void handOverLocalSessions() {
        moving.lock();
        try {
            redisDeletes.removeIf(token -> {
                circuit.run(() -> redis.delete(token));
                return true;
            });
            for (Map.Entry<SessionToken, Local> entry : local.entrySet()) {
                SessionToken token = entry.getKey();
                if (copy(token, entry.getValue(), circuit::call, true)) {
                    local.remove(token); // from here on, find reads the copy in Redis
                    fallback.delete(token);
                }
            }
        } finally {
            moving.unlock();
        }
    }

    /**
     * Copies one local session to Redis (called with {@link #moving} held); false if it has ended. In the
     * hand-over, a session the recovery step wrote is written again only over that copy: other instances
     * serve it from then on, and a logout through one of them must stay a logout.
     */
    private boolean copy(
            SessionToken token, Local owned, Function<Supplier<Boolean>, Boolean> toRedis, boolean handOver) {
        Optional<Session> session = fallback.sessionsOf(owned.owner()).stream()
                .filter(s -> s.id().equals(token.id()))
                .findFirst();
        if (session.isPresent()) {
            local.put(token, new Local(owned.owner(), true, owned.written())); // Redis may hold a copy
            Supplier<Boolean> write = handOver && owned.written()
                    ? () -> redis.refresh(session.get())
                    : () -> redis.restore(session.get());
            if (toRedis.apply(write)) {
                local.put(token, new Local(owned.owner(), true, true));
                return true;
            }
        }
        local.remove(token); // ended: expired here, and so in Redis
        fallback.delete(token);
        return false;
    }

    /**
     * A session made in the fallback: its owner, whether Redis may hold a copy of it, and whether a copy
     * was written for certain.
     */
    private record Local(Principal owner, boolean copied, boolean written) {}
}
