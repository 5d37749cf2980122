package dev.portkit.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.http.ratelimit.RouteGroup;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitFallback;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code RATE_LIMITS}, {@code RATE_LIMIT_FALLBACK} and {@code RATE_LIMIT_PREALLOCATE}. */
class RateLimitConfigTest {

    @Test
    void defaultsLimitNothingAndDeclareAFallbackForEveryGroup() {
        RateLimitConfig limits = parse(Map.of());

        assertEquals(Map.of(), limits.groups());
        assertEquals(
                Map.of(
                        RouteGroup.CONTENT_READ, RateLimitFallback.LOCAL,
                        RouteGroup.CONTENT_WRITE, RateLimitFallback.LOCAL,
                        RouteGroup.RESERVATION, RateLimitFallback.CLOSED,
                        RouteGroup.SESSIONS, RateLimitFallback.LOCAL),
                limits.fallbacks());
        assertEquals(1, limits.preallocatePercent());
    }

    @Test
    void everyVariable() {
        RateLimitConfig limits = parse(Map.of(
                "RATE_LIMITS", "content-read=600/1m, content-write=60/1m,reservation=30/10s,sessions=off",
                "RATE_LIMIT_FALLBACK", "content-read=open,reservation=local",
                "RATE_LIMIT_PREALLOCATE", "5%"));

        assertEquals(
                Map.of(
                        RouteGroup.CONTENT_READ,
                        new RateLimit("content-read", 600, Duration.ofMinutes(1), RateLimitFallback.OPEN),
                        RouteGroup.CONTENT_WRITE,
                        new RateLimit("content-write", 60, Duration.ofMinutes(1), RateLimitFallback.LOCAL),
                        RouteGroup.RESERVATION,
                        new RateLimit("reservation", 30, Duration.ofSeconds(10), RateLimitFallback.LOCAL)),
                limits.groups());
        assertEquals(RateLimitFallback.LOCAL, limits.fallbacks().get(RouteGroup.SESSIONS), "the default stays");
        assertEquals(5, limits.preallocatePercent());
    }

    @Test
    void theLimitsOfTheExtremes() {
        RateLimitConfig limits = parse(
                Map.of("RATE_LIMITS", "content-read=1000000/1s,content-write=1/1d", "RATE_LIMIT_PREALLOCATE", "0"));

        assertEquals(1_000_000, limits.groups().get(RouteGroup.CONTENT_READ).permits());
        assertEquals(
                Duration.ofDays(1),
                limits.groups().get(RouteGroup.CONTENT_WRITE).window());
        assertEquals(0, limits.preallocatePercent());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "RATE_LIMITS            | content-read                        | expected group=value entries",
                "RATE_LIMITS            | content-read=600/1m,                | expected group=value entries",
                "RATE_LIMITS            | =600/1m                             | expected group=value entries",
                "RATE_LIMITS            | content-read=                       | expected group=value entries",
                "RATE_LIMITS            | content-reads=600/1m                | \"content-reads\" is not a group",
                "RATE_LIMITS            | Content-Read=600/1m                 | \"Content-Read\" is not a group",
                "RATE_LIMITS            | content-read=600/1m,content-read=off | content-read is listed twice",
                "RATE_LIMITS            | content-read=600                    | content-read=600: expected N/DURATION",
                "RATE_LIMITS            | content-read=600/minute             | expected N/DURATION such as 600/1m",
                "RATE_LIMITS            | content-read=0/1m                   | from 1 to 1000000",
                "RATE_LIMITS            | content-read=1000001/1m             | from 1 to 1000000",
                "RATE_LIMITS            | content-read=-5/1m                  | expected N/DURATION",
                "RATE_LIMITS            | content-read=5/500ms                | per window of 1s to 1d",
                "RATE_LIMITS            | content-read=5/2d                   | per window of 1s to 1d",
                "RATE_LIMITS            | content-read=5/999999999d           | per window of 1s to 1d",
                "RATE_LIMITS            | content-read=OFF                    | or off",
                "RATE_LIMITS            | content-read=600/1m/2               | expected N/DURATION",
                "RATE_LIMIT_FALLBACK    | content-read=fail-open              | expected local, open or closed",
                "RATE_LIMIT_FALLBACK    | content-read=LOCAL                  | expected local, open or closed",
                "RATE_LIMIT_FALLBACK    | everything=local                    | \"everything\" is not a group",
                "RATE_LIMIT_FALLBACK    | local                               | expected group=value entries",
                "RATE_LIMIT_FALLBACK    | sessions=open,sessions=closed       | sessions is listed twice",
                "RATE_LIMIT_PREALLOCATE | 11                                  | expected a percentage from 0 to 10",
                "RATE_LIMIT_PREALLOCATE | 50%                                 | expected a percentage from 0 to 10",
                "RATE_LIMIT_PREALLOCATE | -1                                  | expected a percentage from 0 to 10,",
                "RATE_LIMIT_PREALLOCATE | some                                | expected a percentage",
            })
    void invalidValuesNameTheVariableAndWhatIsAllowed(String variable, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(Map.of(variable, value)));

        assertEquals(variable, e.variable());
        assertTrue(e.getMessage().startsWith(variable + "=\"" + value + "\" is invalid: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static RateLimitConfig parse(Map<String, String> environment) {
        return PortkitConfig.fromEnvironment(environment).rateLimits();
    }
}
