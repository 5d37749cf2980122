package dev.portkit.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.application.session.PasswordHasher;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.session.SessionTimeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The session and login variables. */
class SessionConfigTest {

    private static final PasswordHasher HASHER = new PasswordHasher(1_000);
    private static final String ALICE = HASHER.hash("wonderland".toCharArray());
    private static final String BOB = HASHER.hash("builder".toCharArray());

    @Test
    void defaults() {
        SessionConfig sessions = parse(Map.of());

        assertEquals(new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12)), sessions.timeouts());
        assertEquals(
                new RateLimit("login-user", 5, Duration.ofMinutes(1)),
                sessions.loginLimits().perUsername());
        assertEquals(
                new RateLimit("login-address", 20, Duration.ofMinutes(1)),
                sessions.loginLimits().perClientAddress());
        assertTrue(sessions.cookie().secure());
        assertEquals(Map.of(), sessions.users(), "no default credentials");
    }

    @Test
    void everyVariable() {
        SessionConfig sessions = parse(Map.of(
                "SESSION_IDLE_TIMEOUT", "15m",
                "SESSION_ABSOLUTE_TIMEOUT", "8h",
                "LOGIN_RATE_LIMIT", "3/30s",
                "LOGIN_ADDRESS_RATE_LIMIT", "100/1h",
                "SESSION_COOKIE_SECURE", "false",
                "AUTH_USERS", "alice:" + ALICE + ", bob:" + BOB));

        assertEquals(new SessionTimeouts(Duration.ofMinutes(15), Duration.ofHours(8)), sessions.timeouts());
        assertEquals(
                new RateLimit("login-user", 3, Duration.ofSeconds(30)),
                sessions.loginLimits().perUsername());
        assertEquals(
                new RateLimit("login-address", 100, Duration.ofHours(1)),
                sessions.loginLimits().perClientAddress());
        assertFalse(sessions.cookie().secure());
        assertEquals(Map.of("alice", ALICE, "bob", BOB), sessions.users());
    }

    @Test
    void usersFromAFileWithCommentsAndBlankLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users");
        Files.write(file, List.of("# portkit users", "", "alice:" + ALICE, "  bob:" + BOB + "  "));

        assertEquals(
                Map.of("alice", ALICE, "bob", BOB),
                parse(Map.of("AUTH_USERS_FILE", file.toString())).users());
    }

    @Test
    void usersComeFromOnePlaceOnly(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("users"), "alice:" + ALICE);

        ConfigException e = assertThrows(
                ConfigException.class,
                () -> parse(Map.of("AUTH_USERS", "bob:" + BOB, "AUTH_USERS_FILE", file.toString())));

        assertTrue(e.getMessage().contains("AUTH_USERS is set too"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "alice:plaintext-password               | entry 1 (alice): not a password hash",
                "alice                                  | entry 1: usernames are",
                ":HASH                                  | entry 1: usernames are",
                "al ice:HASH                            | entry 1: usernames are",
                "alice:HASH,alice:HASH                  | entry 2 (alice): alice is listed twice",
                "alice:HASH,bob:pbkdf2-sha256$1$AA$AA   | entry 2 (bob): not a password hash",
            })
    void badUsersStopStartUpWithoutShowingAnyHashOrPassword(String users, String message) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> parse(Map.of("AUTH_USERS", users.replace("HASH", ALICE))));

        assertEquals("AUTH_USERS", e.variable());
        assertTrue(e.getMessage().startsWith("AUTH_USERS=\"***\" is invalid: " + message), e.getMessage());
        assertFalse(e.getMessage().contains("plaintext-password"));
        assertFalse(e.getMessage().contains(ALICE.substring(20)));
    }

    @Test
    void aBadHashSaysHowToMakeOne() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(Map.of("AUTH_USERS", "alice:secret")));

        assertTrue(e.getMessage().contains("java -jar portkit.jar hash-password"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "LOGIN_RATE_LIMIT         | 5       | expected attempts/window such as 5/1m",
                "LOGIN_RATE_LIMIT         | 0/1m    | expected attempts/window such as 5/1m",
                "LOGIN_ADDRESS_RATE_LIMIT | 5/soon  | expected attempts/window such as 5/1m",
                "LOGIN_RATE_LIMIT         | 5/999999999d | per window of 1s to 1d",
                "SESSION_IDLE_TIMEOUT     | 0s      | expected a duration from 1s to 365d",
                "SESSION_IDLE_TIMEOUT     | 13h     | must not be longer than SESSION_ABSOLUTE_TIMEOUT",
                "SESSION_COOKIE_SECURE    | yes     | expected true or false",
            })
    void invalidValuesNameTheVariable(String variable, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(Map.of(variable, value)));

        assertEquals(variable, e.variable());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void toStringNamesUsersButHidesTheirHashes() {
        SessionConfig sessions = parse(Map.of("AUTH_USERS", "alice:" + ALICE));

        assertTrue(sessions.toString().contains("alice"));
        assertFalse(sessions.toString().contains(ALICE));
        assertFalse(PortkitConfig.fromEnvironment(Map.of("AUTH_USERS", "alice:" + ALICE))
                .toString()
                .contains(ALICE));
    }

    private static SessionConfig parse(Map<String, String> environment) {
        return PortkitConfig.fromEnvironment(environment).sessions();
    }
}
