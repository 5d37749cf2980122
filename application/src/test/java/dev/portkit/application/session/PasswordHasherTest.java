package dev.portkit.application.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void aHashMatchesItsPasswordOnly() {
        String hash = hasher.hash("correct horse".toCharArray());

        assertTrue(hasher.matches("correct horse".toCharArray(), hash));
        assertFalse(hasher.matches("correct horsE".toCharArray(), hash));
        assertFalse(hasher.matches(new char[0], hash));
    }

    @Test
    void hashesAreSaltedAndCarryTheirCost() {
        String first = hasher.hash("pw".toCharArray());
        String second = hasher.hash("pw".toCharArray());

        assertNotEquals(first, second, "a fresh salt each time");
        assertTrue(first.startsWith("pbkdf2-sha256$1000$"), first);
        assertTrue(PasswordHasher.isWellFormed(first));
        assertTrue(new PasswordHasher(2_000).matches("pw".toCharArray(), first), "the hash's own count is used");
    }

    @Test
    void matchesAKnownVector() {
        // PBKDF2-HMAC-SHA256("password", 16 zero bytes of salt, 1000 iterations), as computed by
        // python3 -c "import hashlib,base64;print(base64.b64encode(
        //     hashlib.pbkdf2_hmac('sha256',b'password',bytes(16),1000)).decode().rstrip('='))"
        String hash = "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$dGBRjrF0HXvnspFIKLlwEavbAfLm6U/5VEkKXHS+VVQ";

        assertTrue(hasher.matches("password".toCharArray(), hash));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "plaintext",
                "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA",
                "pbkdf2-sha1$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "pbkdf2-sha256$999999999$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            })
    void malformedHashesAreRecognised(String encoded) {
        assertFalse(PasswordHasher.isWellFormed(encoded));
        if (encoded != null) {
            assertThrows(IllegalArgumentException.class, () -> hasher.matches("pw".toCharArray(), encoded));
        }
    }

    @Test
    void overlongPasswordsAreRefusedBeforeHashing() {
        char[] huge = new char[PasswordHasher.MAX_PASSWORD_LENGTH + 1];
        String hash = hasher.hash("pw".toCharArray());

        assertThrows(IllegalArgumentException.class, () -> hasher.hash(huge));
        assertFalse(hasher.matches(huge, hash));
    }

    @Test
    void toStringShowsTheCostOnly() {
        assertEquals("PasswordHasher[pbkdf2-sha256, 1000 iterations]", hasher.toString());
    }
}
