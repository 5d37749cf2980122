package dev.portkit.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortkitConfigTest {

    @Test
    void defaultsToInMemoryAdaptersOnPort8080() {
        PortkitConfig config = PortkitConfig.fromEnvironment(Map.of());

        assertEquals(AdapterChoice.MEMORY, config.adapter());
        assertEquals(8080, config.http().port());
        assertEquals(64 * 1024, config.http().maxRequestBytes());
        assertEquals(Duration.ofSeconds(10), config.http().shutdownTimeout());
        assertFalse(config.http().virtualThreads(), "platform threads unless asked for");
        assertTrue(config.redis().isEmpty());
    }

    @Test
    void virtualThreadsAutoFollowsTheRunningJdk() {
        PortkitConfig config = PortkitConfig.fromEnvironment(Map.of("HTTP_VIRTUAL_THREADS", "auto"));

        assertEquals(Runtime.version().feature() >= 21, config.http().virtualThreads());
    }

    @Test
    void redisUrlSelectsRedisAdapters() {
        PortkitConfig config = PortkitConfig.fromEnvironment(Map.of("REDIS_URL", "redis://cache.internal:6380/2"));

        assertEquals(AdapterChoice.REDIS, config.adapter());
        assertEquals(
                URI.create("redis://cache.internal:6380/2"),
                config.redis().orElseThrow().uri());
    }

    @Test
    void cacheAdapterMemoryWinsOverRedisUrl() {
        PortkitConfig config =
                PortkitConfig.fromEnvironment(Map.of("REDIS_URL", "redis://localhost:6379", "CACHE_ADAPTER", "memory"));

        assertEquals(AdapterChoice.MEMORY, config.adapter());
        assertTrue(config.redis().isEmpty());
    }

    @Test
    void blankValuesCountAsUnset() {
        PortkitConfig config = PortkitConfig.fromEnvironment(Map.of("PORT", " ", "REDIS_URL", ""));

        assertEquals(8080, config.http().port());
        assertEquals(AdapterChoice.MEMORY, config.adapter());
    }

    @Test
    void durationsAcceptCommonUnits() {
        PortkitConfig config = PortkitConfig.fromEnvironment(
                Map.of("SHUTDOWN_TIMEOUT", "1500ms", "REDIS_URL", "redis://h", "REDIS_COMMAND_TIMEOUT", "2s"));

        assertEquals(Duration.ofMillis(1500), config.http().shutdownTimeout());
        assertEquals(Duration.ofSeconds(2), config.redis().orElseThrow().commandTimeout());
    }

    @Test
    void inventoryLocksDefaultToA3sLeaseAnd1sWait() {
        PortkitConfig defaults = PortkitConfig.fromEnvironment(Map.of());
        PortkitConfig set =
                PortkitConfig.fromEnvironment(Map.of("INVENTORY_LOCK_LEASE", "10s", "INVENTORY_LOCK_WAIT", "0ms"));

        assertEquals(Duration.ofSeconds(3), defaults.inventory().lockLease());
        assertEquals(Duration.ofSeconds(1), defaults.inventory().lockWait());
        assertEquals(Duration.ofSeconds(10), set.inventory().lockLease());
        assertEquals(Duration.ZERO, set.inventory().lockWait());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "PORT          | abc             | PORT=\"abc\" is invalid: expected an integer from 0 to 65535",
                "PORT          | 70000           | PORT=\"70000\" is invalid: expected an integer from 0 to 65535",
                "CACHE_ADAPTER | foo             | CACHE_ADAPTER=\"foo\" is invalid: expected one of auto memory redis",
                "CACHE_ADAPTER | redis           | CACHE_ADAPTER=\"redis\" is invalid: redis needs REDIS_URL",
                "REDIS_URL     | http://x        | REDIS_URL=\"http://x\" is invalid: expected a redis:// or rediss:// URL",
                "REDIS_URL     | redis://        | REDIS_URL=\"redis://\" is invalid: expected",
                "SHUTDOWN_TIMEOUT | soon         | SHUTDOWN_TIMEOUT=\"soon\" is invalid: expected a duration",
                "LOG_FORMAT    | xml             | LOG_FORMAT=\"xml\" is invalid: expected text or json, in lowercase",
                "LOG_FORMAT    | JSON            | LOG_FORMAT=\"JSON\" is invalid: expected text or json, in lowercase",
                "LOG_LEVEL     | loud            | LOG_LEVEL=\"loud\" is invalid: expected one of trace debug info warn error",
                "HTTP_VIRTUAL_THREADS | maybe    | HTTP_VIRTUAL_THREADS=\"maybe\" is invalid: expected one of auto true false",
                "INVENTORY_LOCK_LEASE | 0s       | INVENTORY_LOCK_LEASE=\"0s\" is invalid: expected at least 1ms",
                "INVENTORY_LOCK_WAIT | -1s       | INVENTORY_LOCK_WAIT=\"-1s\" is invalid: expected a duration",
            })
    void invalidValuesNameTheVariableTheValueAndWhatIsAllowed(String variable, String value, String message) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> PortkitConfig.fromEnvironment(Map.of(variable, value)));

        assertEquals(variable, e.variable());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void passwordInRedisUrlIsMaskedInErrors() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> PortkitConfig.fromEnvironment(Map.of("REDIS_URL", "http://user:s3cr3t@host:6379")));

        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertTrue(e.getMessage().contains("user:***@host"), e.getMessage());
    }
}
