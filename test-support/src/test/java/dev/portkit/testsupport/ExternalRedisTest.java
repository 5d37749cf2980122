package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ExternalRedisTest {

    @Test
    void keepsThePasswordOutOfTheUri() {
        ExternalRedis redis = ExternalRedis.parse("redis://:s3cret@cache.example:6380/2");

        assertAll(
                () -> assertEquals(URI.create("redis://cache.example:6380/2"), redis.uri()),
                () -> assertEquals("s3cret", redis.password()),
                () -> assertFalse(redis.tls()));
    }

    @Test
    void takesThePasswordAfterAUserName() {
        assertEquals(
                "s3cret",
                ExternalRedis.parse("rediss://app:s3cret@cache.example").password());
    }

    @Test
    void defaultsToPort6379AndNoPassword() {
        ExternalRedis redis = ExternalRedis.parse("rediss://cache.example");

        assertAll(
                () -> assertEquals(URI.create("rediss://cache.example:6379"), redis.uri()),
                () -> assertNull(redis.password()),
                () -> assertTrue(redis.tls()));
    }

    @Test
    void rejectsOtherSchemesWithoutShowingThePassword() {
        IllegalArgumentException rejected =
                assertThrows(IllegalArgumentException.class, () -> ExternalRedis.parse("http://:s3cret@cache.example"));

        assertFalse(rejected.getMessage().contains("s3cret"), rejected.getMessage());
    }

    @Test
    void rejectsMalformedUrlsWithoutShowingThePassword() {
        IllegalArgumentException rejected = assertThrows(
                IllegalArgumentException.class, () -> ExternalRedis.parse("redis://:s3 cret@cache.example"));

        assertFalse(rejected.getMessage().contains("s3 cret"), rejected.getMessage());
    }

    @Test
    void keepsTheUserAndTheDatabase() {
        ExternalRedis redis = ExternalRedis.parse("redis://app:s3cret@cache.example:6380/3");

        assertAll(
                () -> assertEquals("app", redis.username()),
                () -> assertEquals("s3cret", redis.password()),
                () -> assertEquals(3, redis.database()),
                () -> assertNull(
                        ExternalRedis.parse("redis://:s3cret@cache.example").username()));
    }

    @Test
    void rejectsAPathThatIsNoDatabaseNumber() {
        assertThrows(IllegalArgumentException.class, () -> ExternalRedis.parse("redis://cache.example/zero"));
    }
}
