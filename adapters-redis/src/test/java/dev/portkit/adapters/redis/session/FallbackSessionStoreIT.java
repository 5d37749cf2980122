package dev.portkit.adapters.redis.session;

import dev.portkit.adapters.redis.LettuceClients;
import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisSettings;
import dev.portkit.domain.session.MapSessionStore;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreContract;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.testsupport.RedisServerExtension;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With Redis up, the store with its fallback keeps the same contract as Redis alone. */
class FallbackSessionStoreIT extends SessionStoreContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static RedisClient client;
    private static RedisConnector connector;
    private RedisCircuit circuit;

    @BeforeAll
    static void connect() {
        client = LettuceClients.create(
                new RedisSettings(redis.uri(), Duration.ofSeconds(2), Duration.ofSeconds(2), "fallback-it"));
        connector = new RedisConnector(client);
    }

    @AfterAll
    static void disconnect() {
        connector.close();
        client.shutdown();
    }

    @AfterEach
    void closeCircuit() {
        circuit.close();
    }

    @Override
    protected SessionTimeouts timeouts() {
        return new SessionTimeouts(Duration.ofMillis(600), Duration.ofMillis(1800));
    }

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        circuit = new RedisCircuit(
                RedisBreakerSettings.DEFAULTS, () -> connector.strings().sync().ping());
        return new FallbackSessionStore(
                new RedisSessionStore(connector, "test-" + UUID.randomUUID() + ":", timeouts),
                new MapSessionStore(timeouts, Clock.systemUTC()),
                circuit);
    }

    @Override
    protected void elapse(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
