package dev.portkit.adapters.postgres.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.TestDatabases;
import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.CredentialStoreContract;
import dev.portkit.testsupport.PostgresServerExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresCredentialStoreIT extends CredentialStoreContract {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private static PostgresDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabases.open(postgres);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Override
    protected CredentialStore storeWith(Map<String, String> users) {
        TestDatabases.truncate(postgres, "users");
        PostgresCredentialStore store = new PostgresCredentialStore(database);
        users.forEach(store::put);
        return store;
    }

    @Test
    void putAddsThenReplacesAndRemoveRemoves() {
        PostgresCredentialStore store = (PostgresCredentialStore) storeWith(Map.of());

        assertTrue(store.put("carol", "hash-1"), "new");
        assertFalse(store.put("carol", "hash-2"), "replaced");
        store.put("alice", "hash-3");

        assertEquals(Optional.of("hash-2"), store.passwordHash("carol"));
        assertEquals(List.of("alice", "carol"), store.usernames());
        assertTrue(store.remove("carol"));
        assertFalse(store.remove("carol"));
        assertEquals(List.of("alice"), store.usernames());
    }
}
