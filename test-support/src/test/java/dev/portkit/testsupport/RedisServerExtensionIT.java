package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Redis of the class's own (it stops and hangs it): one the harness starts, whatever PORTKIT_TEST_REDIS_URL says. */
class RedisServerExtensionIT {

    @RegisterExtension
    static final RedisServerExtension redis =
            RedisServerExtension.builder().managed().build();

    private static URI startedAt;

    private RedisClient client;

    @BeforeAll
    static void rememberAddress() {
        startedAt = redis.uri();
    }

    @BeforeEach
    void createClient() {
        client = LettuceClients.create(LettuceClients.uriOf(redis));
    }

    @AfterEach
    void shutDownClient() {
        client.shutdown();
    }

    @Test
    void setAndGetThroughLettuce() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("greeting", "hello");

            assertEquals("hello", connection.sync().get("greeting"));
        }
    }

    @Test
    void flushAllDeletesEveryKeyOfARedisTheHarnessStarted() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("doomed", "value");
            assertEquals("value", connection.sync().get("doomed"));

            redis.flushAll();

            assertNull(connection.sync().get("doomed"));
        }
    }

    @Test
    void theKeysUnderATestsPrefixAreDeletedAfterItAndNoOthers() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String mine = redis.keyPrefix() + "mine";
            connection.sync().set(mine, "v");
            connection.sync().set("not-a-test-key", "kept");

            assertEquals(1, redis.deleteKeysUnder(redis.keyPrefix()));

            assertNull(connection.sync().get(mine));
            assertEquals("kept", connection.sync().get("not-a-test-key"));
            assertThrows(IllegalArgumentException.class, () -> redis.deleteKeysUnder("not-a-test-"));
            assertTrue(redis.keyPrefix().startsWith("portkit-test:"), redis.keyPrefix());
        }
    }

    @Test
    void stopRefusesConnectionsAndStartComesBackOnTheSameAddress() throws Exception {
        String host = redis.host();
        int port = redis.port();

        redis.stop();
        try {
            assertThrows(ConnectException.class, () -> new Socket(host, port).close());
        } finally {
            redis.start();
        }

        // The client still dials the address it was given before the outage.
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("after-outage", "works");

            assertEquals("works", connection.sync().get("after-outage"));
        }
    }

    @Test
    void hangKeepsConnectionsOpenButAnswersNothingUntilResume() throws Exception {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("before-hang", "kept");
            connection.setTimeout(Duration.ofMillis(300));

            redis.hang();
            try {
                assertThrows(
                        RedisCommandTimeoutException.class,
                        () -> connection.sync().ping());
            } finally {
                redis.resume();
            }

            connection.setTimeout(Duration.ofSeconds(2));
            assertEquals("kept", connection.sync().get("before-hang"), "resumed with its data");
        }
    }

    @Nested
    class InANestedClass {

        @Test
        void theEnclosingClassServerIsShared() {
            assertEquals(startedAt, redis.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertEquals("PONG", connection.sync().ping());
            }
        }
    }
}
