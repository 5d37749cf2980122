package dev.portkit.adapters.postgres.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.TestDatabases;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreContract;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.testing.MutableClock;
import dev.portkit.testsupport.PostgresServerExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresSessionStoreIT extends SessionStoreContract {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private static PostgresDatabase database;

    private final MutableClock clock = MutableClock.startingNow();

    @BeforeAll
    static void open() {
        database = TestDatabases.open(postgres);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        TestDatabases.truncate(postgres, "user_session");
        return new PostgresSessionStore(database, timeouts, clock);
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }

    @Test
    void theTableHoldsOnlyTheTokensHash() throws SQLException {
        IssuedSession issued = store.create(principal("alice"), Map.of("role", "editor"));
        String secret = issued.token().value().substring(issued.token().value().indexOf('.') + 1);

        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT user_session::text FROM user_session")) {
            assertTrue(rows.next());
            String row = rows.getString(1);
            assertTrue(row.contains(issued.session().id().value()), row);
            assertFalse(row.contains(secret), "the token is not stored: " + row);
        }
    }

    @Test
    void purgeDeletesExpiredRowsOnlyInBatches() throws SQLException {
        Principal alice = principal("alice");
        for (int i = 0; i < 5; i++) {
            store.create(alice, Map.of());
        }
        elapse(Duration.ofHours(1)); // past the idle timeout of those five
        IssuedSession live = store.create(alice, Map.of());
        PostgresSessionStore sessions = (PostgresSessionStore) store;

        assertEquals(3, sessions.purgeExpired(3));
        assertEquals(2, sessions.purgeExpired(3));
        assertEquals(0, sessions.purgeExpired(3));

        assertEquals(1, rows());
        assertTrue(store.find(live.token()).isPresent());
    }

    @Test
    void aNulCharacterCannotBeStoredAndIsRefusedClearly() {
        assertThrows(IllegalArgumentException.class, () -> store.create(principal("alice"), Map.of("a", "x\0y")));
    }

    private static int rows() throws SQLException {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM user_session")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
