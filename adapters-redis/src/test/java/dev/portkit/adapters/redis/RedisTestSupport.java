package dev.portkit.adapters.redis;

import dev.portkit.testsupport.RedisServerExtension;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Settings for the harness's Redis, as the service would build them. */
final class RedisTestSupport {

    private RedisTestSupport() {}

    static RedisSettings settingsFor(RedisServerExtension redis) {
        return settingsFor(redis, Duration.ofMillis(500));
    }

    static RedisSettings settingsFor(RedisServerExtension redis, Duration commandTimeout) {
        RedisSettings settings = new RedisSettings(redis.uri(), commandTimeout, Duration.ofSeconds(2), "portkit-test");
        return redis.password()
                .map(password -> settings.withCredentials(Optional.empty(), password))
                .orElse(settings);
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
