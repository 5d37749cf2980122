package dev.portkit.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisEndpoint;
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
                RedisEndpoint.standalone("cache.internal", 6380, 2, false),
                config.redis().orElseThrow().endpoint());
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
                "CACHE_ADAPTER | foo             | CACHE_ADAPTER=\"foo\" is invalid: expected one of auto memory redis, in lowercase",
                "CACHE_ADAPTER | MEMORY          | CACHE_ADAPTER=\"MEMORY\" is invalid: expected one of auto memory redis, in lowercase",
                "REDIS_URL     | redis://h:70000 | REDIS_URL=\"redis://h:70000\" is invalid: the port must be from 1 to 65535",
                "REDIS_URL     | redis://h:0     | REDIS_URL=\"redis://h:0\" is invalid: the port must be from 1 to 65535",
                "HTTP_MAX_BODY_BYTES | 2147483647 | HTTP_MAX_BODY_BYTES=\"2147483647\" is invalid: expected an integer from 1 to 16777216",
                "HTTP_BODY_TIMEOUT | 1ms         | HTTP_BODY_TIMEOUT=\"1ms\" is invalid: expected a duration from 100ms to 10m",
                "HTTP_IDLE_TIMEOUT | 2h          | HTTP_IDLE_TIMEOUT=\"2h\" is invalid: expected a duration from 1s to 1h",
                "HTTP_MAX_HEADER_BYTES | 100     | HTTP_MAX_HEADER_BYTES=\"100\" is invalid: expected an integer from 1024 to 65536",
                "HTTP_MAX_HEADERS | 5            | HTTP_MAX_HEADERS=\"5\" is invalid: expected an integer from 10 to 1000",
                "HTTP_TRUSTED_PROXIES | lb.internal | HTTP_TRUSTED_PROXIES=\"lb.internal\" is invalid: \"lb.internal\" is not an IP address or CIDR range",
                "HTTP_TRUSTED_PROXIES | 10.0.0.0/33 | HTTP_TRUSTED_PROXIES=\"10.0.0.0/33\" is invalid: \"10.0.0.0/33\" has a prefix length that is not 0 to 32",
                "SESSION_COOKIE_SECURE | TRUE    | SESSION_COOKIE_SECURE=\"TRUE\" is invalid: expected true or false, in lowercase",
                "INVENTORY_LOCK_LEASE | 999999999m | INVENTORY_LOCK_LEASE=\"999999999m\" is invalid: expected a duration from 1ms to 1h",
                "INVENTORY_LOCK_WAIT | 2m        | INVENTORY_LOCK_WAIT=\"2m\" is invalid: expected a duration from 0s to 1m",
                "CACHE_TTL_DEFAULT | 999999999d  | CACHE_TTL_DEFAULT=\"999999999d\" is invalid: expected a duration from 1ms to 365d",
                "SESSION_IDLE_TIMEOUT | 400d     | SESSION_IDLE_TIMEOUT=\"400d\" is invalid: expected a duration from 1s to 365d",
                "REDIS_BREAKER_OPEN_WAIT | 1h    | REDIS_BREAKER_OPEN_WAIT=\"1h\" is invalid: expected a duration from 1ms to 10m",
                "CACHE_ADAPTER | redis           | CACHE_ADAPTER=\"redis\" is invalid: redis needs REDIS_URL",
                "REDIS_URL     | http://x        | REDIS_URL=\"http://x\" is invalid: expected a redis:// or rediss:// URL",
                "REDIS_URL     | redis://        | REDIS_URL=\"redis://\" is invalid: expected",
                "SHUTDOWN_TIMEOUT | soon         | SHUTDOWN_TIMEOUT=\"soon\" is invalid: expected a duration",
                "LOG_FORMAT    | xml             | LOG_FORMAT=\"xml\" is invalid: expected one of text json, in lowercase",
                "LOG_FORMAT    | JSON            | LOG_FORMAT=\"JSON\" is invalid: expected one of text json, in lowercase",
                "LOG_LEVEL     | loud            | LOG_LEVEL=\"loud\" is invalid: expected one of trace debug info warn error, in lowercase",
                "LOG_LEVEL     | DEBUG           | LOG_LEVEL=\"DEBUG\" is invalid: expected one of trace debug info warn error, in lowercase",
                "HTTP_VIRTUAL_THREADS | maybe    | HTTP_VIRTUAL_THREADS=\"maybe\" is invalid: expected one of auto true false",
                "INVENTORY_LOCK_LEASE | 0s       | INVENTORY_LOCK_LEASE=\"0s\" is invalid: expected a duration from 1ms to 1h",
                "INVENTORY_LOCK_WAIT | -1s       | INVENTORY_LOCK_WAIT=\"-1s\" is invalid: expected a duration",
                "DATABASE_URL  | postgresql://app:hunter2@db:99999/x | DATABASE_URL=\"postgresql://***@db:99999/x\" is invalid: the port must be from 1 to 65535",
                "DATABASE_URL  | postgresql://app@db:0/x | DATABASE_URL=\"postgresql://***@db:0/x\" is invalid: the port must be from 1 to 65535",
                "REDIS_URL     | redis://cache?password=hunter2 | REDIS_URL=\"redis://cache?password=***\" is invalid: parameters in the URL are not read",
                "REDIS_URL     | redis://cache/0?timeout=1h | REDIS_URL=\"redis://cache/0?timeout=1h\" is invalid: parameters in the URL are not read",
                "REDIS_URL     | redis://cache#x | REDIS_URL=\"redis://cache#x\" is invalid: parameters in the URL are not read",
                "REDIS_PASSWORD | hunter2        | REDIS_PASSWORD=\"***\" is invalid: needs REDIS_URL, REDIS_HOST or REDIS_CLUSTER_NODES",
                "REDIS_TLS     | yes             | REDIS_TLS=\"yes\" is invalid: needs REDIS_URL, REDIS_HOST or REDIS_CLUSTER_NODES",
                "REDIS_COMMAND_TIMEOUT | 2m      | REDIS_COMMAND_TIMEOUT=\"2m\" is invalid: needs REDIS_URL, REDIS_HOST or REDIS_CLUSTER_NODES",
                "REDIS_CLIENT_NAME | api         | REDIS_CLIENT_NAME=\"api\" is invalid: needs REDIS_URL, REDIS_HOST or REDIS_CLUSTER_NODES",
                "HTTP_HOST     | 192.0.2.1       | HTTP_HOST=\"192.0.2.1\" is invalid: expected an address of this machine",
                "HTTP_HOST     | 999.1.1.1.1     | HTTP_HOST=\"999.1.1.1.1\" is invalid: expected an address of this machine",
                "SESSION_ABSOLUTE_TIMEOUT | 1s   | SESSION_ABSOLUTE_TIMEOUT=\"1s\" is invalid: must not be shorter than SESSION_IDLE_TIMEOUT (30m)",
                "RATE_LIMIT_PREALLOCATE | -1     | RATE_LIMIT_PREALLOCATE=\"-1\" is invalid: expected a percentage from 0 to 10,",
                "RATE_LIMIT_PREALLOCATE | 1.5    | RATE_LIMIT_PREALLOCATE=\"1.5\" is invalid: expected a percentage from 0 to 10,",
            })
    void invalidValuesNameTheVariableTheValueAndWhatIsAllowed(String variable, String value, String message) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> PortkitConfig.fromEnvironment(Map.of(variable, value)));

        assertEquals(variable, e.variable());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "redis://:Pass/word@cache:6379/0 | Pass",
                "redis://app:s3cr@t@cache:6379   | s3cr",
                "redis://secret@cache            | secret",
                "redis://:hunter2@cache:99999    | hunter2",
                "redis://:hunter2@:6379          | hunter2",
                "http://admin:hunter2@cache      | hunter2",
                "redis://:a#b@cache              | a#b",
            })
    void noErrorAboutARedisUrlShowsItsUserInformation(String url, String secret) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> PortkitConfig.fromEnvironment(Map.of("REDIS_URL", url)));

        assertEquals("REDIS_URL", e.variable());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        assertTrue(e.getMessage().contains("***"), e.getMessage());
    }

    @Test
    void blankOrPaddedLoggingValuesAreReadAsTheirWords() {
        assertEquals(new LogSettings(true, "INFO"), LogSettings.fromEnvironment(Map.of("LOG_FORMAT", " json")));
        assertEquals(new LogSettings(false, "INFO"), LogSettings.fromEnvironment(Map.of("LOG_FORMAT", "")));
        assertEquals(new LogSettings(false, "DEBUG"), LogSettings.fromEnvironment(Map.of("LOG_LEVEL", "debug ")));
    }

    @Test
    void trustedProxiesAreParsedOnce() {
        PortkitConfig config =
                PortkitConfig.fromEnvironment(Map.of("HTTP_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7,fd00::/8"));

        assertEquals(
                "10.0.0.0/8,192.168.1.7/32,fd00:0:0:0:0:0:0:0/8",
                config.http().trustedProxies().toString());
        assertTrue(
                PortkitConfig.fromEnvironment(Map.of()).http().trustedProxies().isEmpty());
    }

    @Test
    void passwordInRedisUrlIsMaskedInErrors() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> PortkitConfig.fromEnvironment(Map.of("REDIS_URL", "http://user:s3cr3t@host:6379")));

        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertTrue(e.getMessage().contains("http://***@host"), e.getMessage());
    }
}
