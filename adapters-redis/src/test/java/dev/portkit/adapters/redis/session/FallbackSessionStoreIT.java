package dev.portkit.adapters.redis.session;

import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.domain.session.MapSessionStore;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreContract;
import dev.portkit.domain.session.SessionTimeouts;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With Redis up, the store with its fallback keeps the same contract as Redis alone. */
class FallbackSessionStoreIT extends SessionStoreContract {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @Override
    protected SessionTimeouts timeouts() {
        return new SessionTimeouts(Duration.ofMillis(600), Duration.ofMillis(1800));
    }

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        RedisCircuit circuit = redis.closeAfterTest(new RedisCircuit(
                RedisBreakerSettings.DEFAULTS, () -> redis.connector().ping()));
        return new FallbackSessionStore(
                new RedisSessionStore(redis.connector(), redis.keyPrefix(), timeouts),
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
