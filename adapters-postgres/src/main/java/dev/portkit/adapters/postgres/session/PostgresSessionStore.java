package dev.portkit.adapters.postgres.session;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionAttributes;
import dev.portkit.domain.session.SessionId;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreUnavailableException;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.session.SessionToken;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SessionStore} on PostgreSQL: one row per session in {@code user_session}, keyed by the SHA-256 of its
 * token (never the token), shared by every instance and kept across restarts. The source of truth for
 * sessions; put a cache in front of it ({@code CachedSessionStore}) so that a request does not cost a
 * database write.
 *
 * <p>Every {@link #find} slides the idle expiry with one {@code UPDATE ... RETURNING}, conditional on the
 * session being live. Expiry is decided by the given clock, so instances need synchronised clocks (NTP), as
 * for any expiry. Expired rows are invisible to every method and are deleted by {@link #purgeExpired}, which
 * the service runs periodically; the principal index is a database index, so it never lists them either.
 * Attributes are a {@code jsonb} object of strings. PostgreSQL text cannot hold the character U+0000, so
 * an attribute containing it is refused with {@link IllegalArgumentException}.
 *
 * <p>A database that cannot be reached throws {@link SessionStoreUnavailableException}.
 */
public final class PostgresSessionStore implements SessionStore {

    private static final String COLUMNS = "id, principal, created_at, last_accessed_at, expires_at,"
            + " absolute_expires_at, ARRAY(SELECT key FROM jsonb_each_text(attributes) ORDER BY key),"
            + " ARRAY(SELECT value FROM jsonb_each_text(attributes) ORDER BY key)";

    private final PostgresDatabase database;
    private final SessionTimeouts timeouts;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public PostgresSessionStore(PostgresDatabase database, SessionTimeouts timeouts, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public IssuedSession create(Principal principal, Map<String, String> attributes) {
        Objects.requireNonNull(principal, "principal");
        Map<String, String> checked = storable(attributes);
        SessionToken token = SessionToken.issue(principal, random);
        Instant now = now();
        Instant absolute = now.plus(timeouts.absolute());
        Session session = new Session(
                token.id(), principal, checked, now, now, earliest(now.plus(timeouts.idle()), absolute), absolute);
        call("session.create", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO user_session (id, principal,"
                    + " attributes, created_at, last_accessed_at, expires_at, absolute_expires_at)"
                    + " VALUES (?, ?, jsonb_object(?, ?), ?, ?, ?, ?)")) {
                statement.setString(1, session.id().value());
                statement.setString(2, principal.name());
                setAttributes(connection, statement, 3, checked);
                statement.setObject(5, timestamp(now));
                statement.setObject(6, timestamp(now));
                statement.setObject(7, timestamp(session.expiresAt()));
                statement.setObject(8, timestamp(absolute));
                return statement.executeUpdate();
            }
        });
        return new IssuedSession(token, session);
    }

    @Override
    public Optional<Session> find(SessionToken token) {
        Objects.requireNonNull(token, "token");
        Instant now = now();
        return call("session.find", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("UPDATE user_session"
                    + " SET last_accessed_at = ?, expires_at = least(?, absolute_expires_at)"
                    + " WHERE id = ? AND expires_at > ? RETURNING " + COLUMNS)) {
                statement.setObject(1, timestamp(now));
                statement.setObject(2, timestamp(now.plus(timeouts.idle())));
                statement.setString(3, token.id().value());
                statement.setObject(4, timestamp(now));
                return one(statement);
            }
        });
    }

    @Override
    public Optional<Session> updateAttributes(SessionToken token, Map<String, String> attributes) {
        Objects.requireNonNull(token, "token");
        Map<String, String> checked = storable(attributes);
        Instant now = now();
        return call("session.update_attributes", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("UPDATE user_session"
                    + " SET attributes = jsonb_object(?, ?) WHERE id = ? AND expires_at > ? RETURNING " + COLUMNS)) {
                setAttributes(connection, statement, 1, checked);
                statement.setString(3, token.id().value());
                statement.setObject(4, timestamp(now));
                return one(statement);
            }
        });
    }

    @Override
    public boolean delete(SessionToken token) {
        Objects.requireNonNull(token, "token");
        Instant now = now();
        return call("session.delete", connection -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("DELETE FROM user_session WHERE id = ? RETURNING expires_at > ?")) {
                statement.setString(1, token.id().value());
                statement.setObject(2, timestamp(now));
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() && row.getBoolean(1);
                }
            }
        });
    }

    @Override
    public List<Session> sessionsOf(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        Instant now = now();
        return call("session.sessions_of", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM user_session WHERE principal = ? AND expires_at > ?")) {
                statement.setString(1, principal.name());
                statement.setObject(2, timestamp(now));
                List<Session> sessions = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sessions.add(session(rows));
                    }
                }
                return sessions;
            }
        });
    }

    @Override
    public int deleteAll(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        Instant now = now();
        return call("session.delete_all", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "WITH ended AS (DELETE FROM user_session WHERE principal = ? RETURNING expires_at)"
                            + " SELECT count(*) FILTER (WHERE expires_at > ?) FROM ended")) {
                statement.setString(1, principal.name());
                statement.setObject(2, timestamp(now));
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            }
        });
    }

    /**
     * Deletes up to {@code limit} sessions that have expired, oldest expiry first, through the index on {@code
     * expires_at}; rows that another instance is deleting at the same time are skipped, not waited for.
     *
     * @return how many it deleted; run again while it returns {@code limit}
     */
    public int purgeExpired(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        Instant now = now();
        return call("session.purge", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM user_session WHERE id IN"
                    + " (SELECT id FROM user_session WHERE expires_at <= ? ORDER BY expires_at LIMIT ?"
                    + " FOR UPDATE SKIP LOCKED)")) {
                statement.setObject(1, timestamp(now));
                statement.setInt(2, limit);
                return statement.executeUpdate();
            }
        });
    }

    private <T> T call(String operation, PostgresDatabase.SqlWork<T> work) {
        try {
            return database.call(operation, work);
        } catch (SourceOfTruthUnavailableException e) {
            throw new SessionStoreUnavailableException("sessions in PostgreSQL cannot be reached now", e);
        }
    }

    private static Optional<Session> one(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(session(row)) : Optional.empty();
        }
    }

    private static Session session(ResultSet row) throws SQLException {
        String[] names = strings(row.getArray(7));
        String[] values = strings(row.getArray(8));
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            attributes.put(names[i], values[i]);
        }
        return new Session(
                new SessionId(row.getString(1)),
                new Principal(row.getString(2)),
                attributes,
                instant(row, 3),
                instant(row, 4),
                instant(row, 5),
                instant(row, 6));
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    private static void setAttributes(
            Connection connection, PreparedStatement statement, int index, Map<String, String> attributes)
            throws SQLException {
        String[] names = new String[attributes.size()];
        String[] values = new String[attributes.size()];
        int i = 0;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            names[i] = attribute.getKey();
            values[i++] = attribute.getValue();
        }
        statement.setArray(index, connection.createArrayOf("text", names));
        statement.setArray(index + 1, connection.createArrayOf("text", values));
    }

    private static Map<String, String> storable(Map<String, String> attributes) {
        Map<String, String> checked = SessionAttributes.validated(attributes);
        checked.forEach((name, value) -> {
            if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(
                        "PostgreSQL cannot store the character U+0000 in a session attribute");
            }
        });
        return checked;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
