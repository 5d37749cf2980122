package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

class RedisServerExtensionIT {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

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
    void flushAllDeletesEveryKey() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("doomed", "value");

            redis.flushAll();

            assertNull(connection.sync().get("doomed"));
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
