package dev.portkit.adapters.postgres.user;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.domain.session.CredentialStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CredentialStore} on PostgreSQL: the {@code users} table of usernames and encoded password hashes,
 * shared by every instance. Operators manage it with {@code java -jar portkit.jar users add|list|remove}, which
 * use {@link #put}, {@link #usernames} and {@link #remove}. It stores what it is given and checks no password:
 * hashing and verifying are the application's. Usernames are compared exactly.
 *
 * <p>A database that cannot be reached throws {@link dev.portkit.domain.source.SourceOfTruthUnavailableException}.
 */
public final class PostgresCredentialStore implements CredentialStore {

    private final PostgresDatabase database;

    public PostgresCredentialStore(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<String> passwordHash(String username) {
        Objects.requireNonNull(username, "username");
        if (username.indexOf('\u0000') >= 0) {
            return Optional.empty(); // PostgreSQL text cannot hold NUL, so no stored username has one
        }
        return database.call("users.find", connection -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("SELECT password_hash FROM users WHERE username = ?")) {
                statement.setString(1, username);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean hasUsers() {
        return database.call("users.any", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM users)");
                    ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        });
    }

    /**
     * Adds the user, or replaces its password hash.
     *
     * @param passwordHash an encoded hash, never a password
     * @return {@code true} if the user is new, {@code false} if its hash was replaced
     */
    public boolean put(String username, String passwordHash) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        return database.call("users.put", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO users (username,"
                    + " password_hash) VALUES (?, ?) ON CONFLICT (username) DO UPDATE SET password_hash ="
                    + " EXCLUDED.password_hash, updated_at = now() RETURNING (xmax = 0)")) {
                statement.setString(1, username);
                statement.setString(2, passwordHash);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getBoolean(1);
                }
            }
        });
    }

    /** @return whether there was such a user */
    public boolean remove(String username) {
        Objects.requireNonNull(username, "username");
        return database.call("users.remove", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM users WHERE username = ?")) {
                statement.setString(1, username);
                return statement.executeUpdate() == 1;
            }
        });
    }

    /** Every username, in order. */
    public List<String> usernames() {
        return database.call("users.list", connection -> {
            try (PreparedStatement statement =
                            connection.prepareStatement("SELECT username FROM users ORDER BY username");
                    ResultSet rows = statement.executeQuery()) {
                List<String> usernames = new ArrayList<>();
                while (rows.next()) {
                    usernames.add(rows.getString(1));
                }
                return usernames;
            }
        });
    }

    @Override
    public String toString() {
        return "PostgresCredentialStore[" + database.settings().redactedUrl() + "]";
    }
}
