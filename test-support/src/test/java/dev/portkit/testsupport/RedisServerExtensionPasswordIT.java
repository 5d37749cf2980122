package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisServerExtensionPasswordIT {

    private static final String PASSWORD = "portkit-test-password";

    @RegisterExtension
    static final RedisServerExtension redis =
            RedisServerExtension.builder().password(PASSWORD).build();

    @Test
    void uriCarriesNoPasswordButPasswordReturnsIt() {
        assertNull(redis.uri().getUserInfo());
        assertEquals(Optional.of(PASSWORD), redis.password());
    }

    @Test
    void withoutThePasswordRedisAnswersNoauth() {
        try (RedisClient client = LettuceClients.create(RedisURI.create(redis.uri()))) {
            RedisException refused = assertThrows(RedisException.class, () -> {
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    connection.sync().ping();
                }
            });

            assertTrue(mentionsNoauth(refused), () -> "Expected NOAUTH, got " + refused);
        }
    }

    @Test
    void withThePasswordCommandsWork() {
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setAuthentication(PASSWORD);
        try (RedisClient client = LettuceClients.create(uri);
                StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("secret", "kept");

            assertEquals("kept", connection.sync().get("secret"));
        }
    }

    /** Lettuce reports NOAUTH on connect (its HELLO handshake) or on the first command. */
    private static boolean mentionsNoauth(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("NOAUTH")) {
                return true;
            }
        }
        return false;
    }
}
