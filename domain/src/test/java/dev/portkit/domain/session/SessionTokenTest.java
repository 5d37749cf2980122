package dev.portkit.domain.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTokenTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Principal alice = new Principal("alice");

    @Test
    void issuedTokenIsTheRouteAnd256RandomBits() {
        SessionToken token = SessionToken.issue(alice, RANDOM);

        String[] parts = token.value().split("\\.");
        assertEquals(SessionToken.routeOf(alice), parts[0]);
        assertEquals(32, Base64.getUrlDecoder().decode(parts[1]).length);
        assertEquals(SessionToken.routeOf(alice), token.route());
    }

    @Test
    void routeDependsOnThePrincipalOnly() {
        assertEquals(SessionToken.routeOf(alice), SessionToken.routeOf(new Principal("alice")));
        assertNotEquals(SessionToken.routeOf(alice), SessionToken.routeOf(new Principal("Alice")));
        assertFalse(SessionToken.routeOf(alice).contains("alice"));
    }

    @Test
    void idIsTheHexSha256OfTheWholeToken() {
        SessionToken token =
                SessionToken.parse("AAAAAAAAAAAAAAAA." + "B".repeat(43)).orElseThrow();

        // printf 'AAAAAAAAAAAAAAAA.%s' "$(printf 'B%.0s' $(seq 43))" | sha256sum
        assertEquals(
                "b1be49d1fb53e26ae830d568c920b5392a0704471e6f6bf0b94db80dd27dc931",
                token.id().value());
        assertEquals(token.id(), SessionToken.parse(token.value()).orElseThrow().id());
        assertNotEquals(
                token.id(),
                SessionToken.parse("AAAAAAAAAAAAAAAB." + "B".repeat(43))
                        .orElseThrow()
                        .id());
    }

    @Test
    void parseRoundTripsAnIssuedToken() {
        SessionToken token = SessionToken.issue(alice, RANDOM);

        assertEquals(Optional.of(token), SessionToken.parse(token.value()));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "not-a-token",
                "AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
                "AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=",
                "AAAAAAAAAAAAAAAA+BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
                "AAAAAAAAAAAAAAA/.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
                " AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
            })
    void parseRejectsWhatIsNotShapedLikeAToken(String raw) {
        assertEquals(Optional.empty(), SessionToken.parse(raw));
    }

    @Test
    void toStringNeverShowsTheSecret() {
        SessionToken token = SessionToken.issue(alice, RANDOM);
        String secret = token.value().substring(17);

        assertFalse(token.toString().contains(secret));
        assertTrue(token.toString().contains("***"));
    }
}
