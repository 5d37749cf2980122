package dev.portkit.adapters.redis.session;

import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisScript;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionAttributes;
import dev.portkit.domain.session.SessionId;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreUnavailableException;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.session.SessionToken;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link SessionStore} on Redis, shared by every instance that uses the same Redis.
 *
 * <p>One hash per session, keyed by the token's SHA-256, with a TTL of {@code min(idle, remaining
 * absolute)} that every {@code find} renews; a sorted set per principal indexes their sessions by
 * expiry. Both sit in one hash slot per principal and change together in Lua scripts (see {@link
 * SessionKeys}, {@link SessionScripts}), so the design works unchanged on Redis Cluster. The index
 * is pruned on every write and expires with its last session: it does not depend on keyspace
 * notifications.
 *
 * <p>Every Redis failure (disconnected, timeout, error reply) becomes a {@link
 * SessionStoreUnavailableException}.
 */
public final class RedisSessionStore implements SessionStore {

    private static final String ATTRIBUTE = "a:";

    private final RedisConnector connector;
    private final SessionKeys keys;
    private final SessionTimeouts timeouts;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param connector the process's shared Redis connections
     * @param keyPrefix put before every key, e.g. {@code portkit:}; without braces
     * @param timeouts the idle and absolute session timeouts
     */
    public RedisSessionStore(RedisConnector connector, String keyPrefix, SessionTimeouts timeouts) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.keys = new SessionKeys(keyPrefix);
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    @Override
    public IssuedSession create(Principal principal, Map<String, String> attributes) {
        Objects.requireNonNull(principal, "principal");
        Map<String, String> checked = SessionAttributes.validated(attributes);
        SessionToken token = SessionToken.issue(principal, random);
        List<String> args = new ArrayList<>(List.of(
                Long.toString(timeouts.idle().toMillis()),
                Long.toString(timeouts.absolute().toMillis()),
                token.id().value(),
                principal.name()));
        checked.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        long now = redis(() -> SessionScripts.CREATE.run(
                commands(),
                ScriptOutputType.INTEGER,
                new String[] {keys.session(token), keys.index(token.route())},
                args.toArray(String[]::new)));
        Instant created = Instant.ofEpochMilli(now);
        Instant absolute = created.plus(timeouts.absolute());
        Instant idle = created.plus(timeouts.idle());
        Session session = new Session(
                token.id(), principal, checked, created, created, idle.isBefore(absolute) ? idle : absolute, absolute);
        return new IssuedSession(token, session);
    }

    @Override
    public Optional<Session> find(SessionToken token) {
        List<Object> fields = redis(() -> SessionScripts.FIND.run(
                commands(),
                ScriptOutputType.MULTI,
                new String[] {keys.session(token), keys.index(token.route())},
                Long.toString(timeouts.idle().toMillis()),
                token.id().value()));
        return toSession(token.id(), fields);
    }

    @Override
    public Optional<Session> updateAttributes(SessionToken token, Map<String, String> attributes) {
        Objects.requireNonNull(token, "token");
        Map<String, String> checked = SessionAttributes.validated(attributes);
        List<String> args = new ArrayList<>();
        checked.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        List<Object> fields = redis(() -> SessionScripts.UPDATE_ATTRIBUTES.run(
                commands(), ScriptOutputType.MULTI, new String[] {keys.session(token)}, args.toArray(String[]::new)));
        return toSession(token.id(), fields);
    }

    @Override
    public boolean delete(SessionToken token) {
        long deleted = redis(() -> SessionScripts.DELETE.run(
                commands(),
                ScriptOutputType.INTEGER,
                new String[] {keys.session(token), keys.index(token.route())},
                token.id().value()));
        return deleted > 0;
    }

    @Override
    public List<Session> sessionsOf(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        String route = SessionToken.routeOf(principal);
        List<Session> sessions = new ArrayList<>();
        for (String id : liveIds(route)) {
            SessionId sessionId = new SessionId(id);
            Map<String, String> fields = redis(() -> commands().hgetall(keys.session(route, sessionId)));
            if (principal.name().equals(fields.get("principal"))) {
                sessions.add(toSession(sessionId, fields));
            }
        }
        return sessions;
    }

    @Override
    public int deleteAll(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        String route = SessionToken.routeOf(principal);
        List<String> ids = liveIds(route);
        if (ids.isEmpty()) {
            return 0;
        }
        String[] scriptKeys = new String[ids.size() + 1];
        String[] args = new String[ids.size() + 1];
        scriptKeys[0] = keys.index(route);
        args[0] = principal.name();
        for (int i = 0; i < ids.size(); i++) {
            scriptKeys[i + 1] = keys.session(route, new SessionId(ids.get(i)));
            args[i + 1] = ids.get(i);
        }
        long deleted =
                redis(() -> SessionScripts.DELETE_ALL.run(commands(), ScriptOutputType.INTEGER, scriptKeys, args));
        return Math.toIntExact(deleted);
    }

    /**
     * Writes a session that another store created (e.g. the in-memory fallback during an outage)
     * with its id, times and attributes, so that every instance sees it from now on. Idempotent; a
     * session that has expired by Redis's clock is not written.
     *
     * @return whether the session was written
     */
    public boolean restore(Session session) {
        return write(SessionScripts.RESTORE, session);
    }

    /**
     * {@link #restore} over a copy written before, only if it is still there: a session that ended in
     * Redis since (a logout through another instance) stays ended.
     *
     * @return whether the session was written
     */
    public boolean refresh(Session session) {
        return write(SessionScripts.REFRESH, session);
    }

    private boolean write(RedisScript script, Session session) {
        Objects.requireNonNull(session, "session");
        String route = SessionToken.routeOf(session.principal());
        List<String> args = new ArrayList<>(List.of(
                session.id().value(),
                session.principal().name(),
                Long.toString(session.createdAt().toEpochMilli()),
                Long.toString(session.lastAccessedAt().toEpochMilli()),
                Long.toString(session.expiresAt().toEpochMilli()),
                Long.toString(session.absoluteExpiresAt().toEpochMilli())));
        session.attributes().forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        long written = redis(() -> script.run(
                commands(),
                ScriptOutputType.INTEGER,
                new String[] {keys.session(route, session.id()), keys.index(route)},
                args.toArray(String[]::new)));
        return written > 0;
    }

    private List<String> liveIds(String route) {
        List<Object> ids = redis(() ->
                SessionScripts.LIVE_IDS.run(commands(), ScriptOutputType.MULTI, new String[] {keys.index(route)}));
        List<String> result = new ArrayList<>(ids.size());
        ids.forEach(id -> result.add((String) id));
        return result;
    }

    private RedisClusterCommands<String, String> commands() {
        return connector.strings();
    }

    private static Optional<Session> toSession(SessionId id, List<Object> flat) {
        if (flat == null || flat.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return Optional.of(toSession(id, fields));
    }

    private static Session toSession(SessionId id, Map<String, String> fields) {
        Map<String, String> attributes = new HashMap<>();
        fields.forEach((field, value) -> {
            if (field.startsWith(ATTRIBUTE)) {
                attributes.put(field.substring(ATTRIBUTE.length()), value);
            }
        });
        return new Session(
                id,
                new Principal(fields.get("principal")),
                attributes,
                instant(fields, "created"),
                instant(fields, "accessed"),
                instant(fields, "expires"),
                instant(fields, "absolute"));
    }

    private static Instant instant(Map<String, String> fields, String name) {
        return Instant.ofEpochMilli(Long.parseLong(fields.get(name)));
    }

    private static <T> T redis(Supplier<T> call) {
        try {
            return call.get();
        } catch (RedisException e) {
            throw new SessionStoreUnavailableException("Redis session store unavailable: " + e.getMessage(), e);
        }
    }
}
