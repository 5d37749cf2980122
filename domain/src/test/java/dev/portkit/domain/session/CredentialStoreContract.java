package dev.portkit.domain.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CredentialStore} adapter must have. An adapter's test extends this class and
 * returns a store that holds exactly the given users.
 */
public abstract class CredentialStoreContract {

    private static final String ALICE_HASH =
            "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String BOB_HASH =
            "pbkdf2-sha256$1000$BBBBBBBBBBBBBBBBBBBBBB$" + "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

    /** A store holding exactly these users (username to encoded hash), and no others. */
    protected abstract CredentialStore storeWith(Map<String, String> users);

    @Test
    void aKnownUserHasItsHash() {
        CredentialStore store = storeWith(Map.of("alice", ALICE_HASH, "bob", BOB_HASH));

        assertEquals(Optional.of(ALICE_HASH), store.passwordHash("alice"));
        assertEquals(Optional.of(BOB_HASH), store.passwordHash("bob"));
    }

    @Test
    void anUnknownUserHasNone() {
        CredentialStore store = storeWith(Map.of("alice", ALICE_HASH));

        assertEquals(Optional.empty(), store.passwordHash("mallory"));
        assertEquals(Optional.empty(), store.passwordHash(""));
    }

    /** Login asks with whatever a client typed: a username no store could hold is unknown, not an error. */
    @Test
    void anyStringIsAUsernameToLookUp() {
        CredentialStore store = storeWith(Map.of("alice", ALICE_HASH));

        for (String typed :
                new String[] {"ali\u0000ce", "\u0000", "alice\u0000", "x".repeat(10_000), "'; --", "\uD800"}) {
            assertEquals(Optional.empty(), store.passwordHash(typed), typed.length() > 20 ? "a long name" : typed);
        }
    }

    @Test
    void usernamesAreComparedExactly() {
        CredentialStore store = storeWith(Map.of("alice", ALICE_HASH));

        assertEquals(Optional.empty(), store.passwordHash("Alice"));
        assertEquals(Optional.empty(), store.passwordHash("alice "));
    }

    @Test
    void hasUsersTellsWhetherAnyoneCanLogIn() {
        assertTrue(storeWith(Map.of("alice", ALICE_HASH)).hasUsers());
        assertFalse(storeWith(Map.of()).hasUsers());
    }

    @Test
    void aNullUsernameIsRejected() {
        CredentialStore store = storeWith(Map.of("alice", ALICE_HASH));

        assertThrows(NullPointerException.class, () -> store.passwordHash(null));
    }
}
