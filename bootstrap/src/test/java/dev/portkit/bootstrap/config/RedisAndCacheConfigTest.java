package dev.portkit.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.adapters.redis.NearCacheSettings;
import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisEndpoint;
import dev.portkit.adapters.redis.RedisSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Redis, circuit breaker and cache variables. */
class RedisAndCacheConfigTest {

    @Test
    void defaultsWithoutRedis() {
        PortkitConfig config = parse(Map.of());

        assertEquals(AdapterChoice.MEMORY, config.adapter());
        assertEquals(CaffeineCacheSettings.ofEntries(10_000), config.cache());
        assertEquals(RedisBreakerSettings.DEFAULTS, config.redisBreaker());
        assertEquals("portkit:", config.redisCache().keyPrefix());
        assertEquals(0, config.redisCache().jitter().percent());
        assertEquals(Duration.ofMinutes(1), config.redisCache().fallbackMaxTtl());
    }

    @Test
    void redisUrlDefaults() {
        RedisSettings redis = redis(Map.of("REDIS_URL", "redis://cache.internal:6380/2"));

        assertEquals(RedisEndpoint.standalone("cache.internal", 6380, 2, false), redis.endpoint());
        assertEquals(Duration.ofMillis(500), redis.commandTimeout());
        assertEquals(Duration.ofSeconds(2), redis.connectTimeout());
        assertEquals(Duration.ofSeconds(2), redis.reconnectMaxDelay());
        assertEquals("portkit", redis.clientName());
        assertEquals("portkit:", redis.keyPrefix());
        assertEquals(Optional.empty(), redis.password());
        assertFalse(redis.usesTls());
        assertEquals(RedisSettings.Verify.FULL, redis.tls().verify());
    }

    @Test
    void credentialsMoveFromTheUrlIntoTheSettings() {
        RedisSettings redis = redis(Map.of("REDIS_URL", "rediss://app:s%40cret@cache.internal:6380"));

        assertEquals(RedisEndpoint.standalone("cache.internal", 6380, 0, true), redis.endpoint());
        assertEquals(Optional.of("app"), redis.username());
        assertEquals(Optional.of("s@cret"), redis.password());
        assertTrue(redis.usesTls());
        assertFalse(redis.toString().contains("s@cret"), redis::toString);
    }

    @Test
    void passwordOnlyUrlAndPasswordVariable() {
        assertEquals(
                Optional.of("pw"), redis(Map.of("REDIS_URL", "redis://:pw@h")).password());
        RedisSettings fromVariable =
                redis(Map.of("REDIS_URL", "redis://h", "REDIS_PASSWORD", "pw2", "REDIS_USERNAME", "app"));
        assertEquals(Optional.of("pw2"), fromVariable.password());
        assertEquals(Optional.of("app"), fromVariable.username());
    }

    @Test
    void passwordInTwoPlacesIsRejectedWithoutShowingIt() {
        ConfigException e = invalid(Map.of("REDIS_URL", "redis://:one@h", "REDIS_PASSWORD", "two-secret"));

        assertEquals("REDIS_PASSWORD", e.variable());
        assertFalse(e.getMessage().contains("two-secret"), e.getMessage());
        assertFalse(e.getMessage().contains("one"), e.getMessage());
    }

    @Test
    void aclUserWithoutPasswordIsRejected() {
        assertEquals(
                "REDIS_USERNAME",
                invalid(Map.of("REDIS_HOST", "h", "REDIS_USERNAME", "app")).variable());
    }

    @Test
    void splitVariablesOfOlderDeployments() {
        RedisSettings redis = redis(Map.of(
                "REDIS_HOST", "10.0.0.5",
                "REDIS_PORT", "6390",
                "REDIS_DB", "3",
                "REDIS_PASSWORD", "pw",
                "REDIS_TLS", "true"));

        assertEquals(RedisEndpoint.standalone("10.0.0.5", 6390, 3, false), redis.endpoint());
        assertEquals(Optional.of("pw"), redis.password());
        assertTrue(redis.usesTls());
        assertEquals(AdapterChoice.REDIS, parse(Map.of("REDIS_HOST", "redis")).adapter());
        assertEquals(
                RedisEndpoint.standalone("redis", 6379, 0, false),
                redis(Map.of("REDIS_HOST", "redis")).endpoint());
    }

    @Test
    void aSentinelUrlNamesTheSentinelsTheMasterAndTheDatabase() {
        RedisSettings redis =
                redis(Map.of("REDIS_URL", "redis-sentinel://:s%40cret@s1:26380,s2,[::1]:26381/2#mymaster"));

        assertEquals(
                RedisEndpoint.sentinel(
                        List.of(
                                new RedisEndpoint.Node("s1", 26380),
                                new RedisEndpoint.Node("s2", 26379),
                                new RedisEndpoint.Node("::1", 26381)),
                        "mymaster",
                        2,
                        false),
                redis.endpoint());
        assertEquals(Optional.of("s@cret"), redis.password());
        assertEquals(Optional.empty(), redis.username());
        assertFalse(redis.toString().contains("s@cret"), redis::toString);
        assertEquals("redis-sentinel://s1:26380,s2:26379,[::1]:26381/2#mymaster", redis.redactedUri());
        assertEquals(
                AdapterChoice.REDIS,
                parse(Map.of("REDIS_URL", "redis-sentinel://s1#m")).adapter());
        assertTrue(redis(Map.of("REDIS_URL", "rediss-sentinel://app:pw@s1#m")).usesTls());
        assertEquals(
                Optional.of("app"),
                redis(Map.of("REDIS_URL", "rediss-sentinel://app:pw@s1#m")).username());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis-sentinel://s1:26379",
                "redis-sentinel://s1:26379#",
                "redis-sentinel://s1:26379/x#m",
                "redis-sentinel://s1:99999#m",
                "redis-sentinel://s1,,s2#m",
                "redis-sentinel://s1?timeout=1s#m",
                "redis-sentinel://:Pass/word@s1#m",
                "redis-sentinel://app@s1#m"
            })
    void aSentinelUrlThatIsNotOneIsRejectedNamingTheVariableWithoutItsSecrets(String url) {
        ConfigException e = invalid(Map.of("REDIS_URL", url));

        assertEquals("REDIS_URL", e.variable());
        assertFalse(e.getMessage().contains("Pass/word"), e.getMessage());
    }

    @Test
    void clusterNodesAreTheSeedsOfACluster() {
        RedisSettings redis = redis(Map.of(
                "REDIS_CLUSTER_NODES",
                "redis-1:7000, redis-2:7001,[fd00::1]:7002",
                "REDIS_PASSWORD",
                "pw",
                "REDIS_USERNAME",
                "app",
                "REDIS_TLS",
                "true"));

        assertEquals(
                RedisEndpoint.cluster(
                        List.of(
                                new RedisEndpoint.Node("redis-1", 7000),
                                new RedisEndpoint.Node("redis-2", 7001),
                                new RedisEndpoint.Node("fd00::1", 7002)),
                        true),
                redis.endpoint());
        assertEquals(Optional.of("pw"), redis.password());
        assertEquals(Optional.of("app"), redis.username());
        assertTrue(redis.usesTls());
        assertEquals(
                AdapterChoice.REDIS,
                parse(Map.of("REDIS_CLUSTER_NODES", "h:7000")).adapter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h", "h:", "h:0", "h:70000", "redis://h:7000", "h:7000,", ":pw@h:7000", "h:7000 h2:7001"})
    void clusterNodesThatAreNotHostAndPortAreRejectedNamingTheVariable(String nodes) {
        ConfigException e = invalid(Map.of("REDIS_CLUSTER_NODES", nodes));

        assertEquals("REDIS_CLUSTER_NODES", e.variable());
        assertTrue(e.getMessage().contains("host:port"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://:s3cret@h1:7000,h2:7001", "app:s3cret@h1:7000", "h1:7000,:s3cret@h2:7001"})
    void clusterNodesWithCredentialsAreRejectedWithoutShowingThem(String nodes) {
        ConfigException e = invalid(Map.of("REDIS_CLUSTER_NODES", nodes));

        assertEquals("REDIS_CLUSTER_NODES", e.variable());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void clusterNodesGoAlone() {
        for (String other : List.of("REDIS_URL", "REDIS_HOST", "REDIS_DB")) {
            String value = other.equals("REDIS_DB") ? "1" : other.equals("REDIS_URL") ? "redis://h" : "h";
            ConfigException e = invalid(Map.of("REDIS_CLUSTER_NODES", "h:7000", other, value));
            assertEquals(other, e.variable());
            assertTrue(e.getMessage().contains("REDIS_CLUSTER_NODES"), e.getMessage());
        }
    }

    @Test
    void addressGivenTwiceOrHalfIsRejected() {
        assertEquals(
                "REDIS_HOST",
                invalid(Map.of("REDIS_URL", "redis://h", "REDIS_HOST", "other")).variable());
        assertEquals("REDIS_PORT", invalid(Map.of("REDIS_PORT", "6379")).variable());
        assertEquals(
                "REDIS_PORT",
                invalid(Map.of("REDIS_HOST", "h", "REDIS_PORT", "70000")).variable());
        assertEquals(
                "REDIS_DB", invalid(Map.of("REDIS_HOST", "h", "REDIS_DB", "-1")).variable());
        assertEquals("REDIS_HOST", invalid(Map.of("REDIS_HOST", "bad host/x")).variable());
        assertEquals(
                "REDIS_URL",
                invalid(Map.of("REDIS_URL", "redis://h/notanumber")).variable());
        assertEquals(
                "REDIS_TLS",
                invalid(Map.of("REDIS_HOST", "h", "REDIS_TLS", "yes")).variable());
    }

    @Test
    void tlsOptions(@TempDir Path directory) throws IOException {
        Path ca = Files.writeString(directory.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");

        RedisSettings redis =
                redis(Map.of("REDIS_URL", "rediss://h", "REDIS_TLS_CA_FILE", ca.toString(), "REDIS_TLS_VERIFY", "ca"));

        assertEquals(Optional.of(ca), redis.tls().caFile());
        assertEquals(RedisSettings.Verify.CA, redis.tls().verify());
    }

    @Test
    void invalidTlsOptionsAreRejected(@TempDir Path directory) throws IOException {
        Path ca = Files.writeString(directory.resolve("ca.pem"), "x");

        assertEquals(
                "REDIS_TLS_CA_FILE",
                invalid(Map.of(
                                "REDIS_URL",
                                "rediss://h",
                                "REDIS_TLS_CA_FILE",
                                directory.resolve("missing.pem").toString()))
                        .variable());
        assertEquals(
                "REDIS_TLS_CA_FILE",
                invalid(Map.of("REDIS_URL", "redis://h", "REDIS_TLS_CA_FILE", ca.toString()))
                        .variable(),
                "a CA file without TLS is a mistake");
        assertEquals(
                "REDIS_TLS_VERIFY",
                invalid(Map.of("REDIS_URL", "rediss://h", "REDIS_TLS_VERIFY", "sometimes"))
                        .variable());
    }

    @Test
    void timeoutsPrefixAndClientName() {
        RedisSettings redis = redis(Map.of(
                "REDIS_URL", "redis://h",
                "REDIS_COMMAND_TIMEOUT", "250ms",
                "REDIS_CONNECT_TIMEOUT", "1s",
                "REDIS_RECONNECT_MAX_DELAY", "5s",
                "REDIS_CLIENT_NAME", "blog-api",
                "REDIS_KEY_PREFIX", "blog:"));

        assertEquals(Duration.ofMillis(250), redis.commandTimeout());
        assertEquals(Duration.ofSeconds(1), redis.connectTimeout());
        assertEquals(Duration.ofSeconds(5), redis.reconnectMaxDelay());
        assertEquals("blog-api", redis.clientName());
        assertEquals("blog:", redis.keyPrefix());
        assertEquals(
                "blog:",
                parse(Map.of("REDIS_URL", "redis://h", "REDIS_KEY_PREFIX", "blog:"))
                        .redisCache()
                        .keyPrefix());
    }

    @Test
    void invalidTimeoutsAndPrefixAreRejected() {
        assertEquals(
                "REDIS_COMMAND_TIMEOUT",
                invalid(Map.of("REDIS_URL", "redis://h", "REDIS_COMMAND_TIMEOUT", "0ms"))
                        .variable());
        assertEquals(
                "REDIS_CONNECT_TIMEOUT",
                invalid(Map.of("REDIS_URL", "redis://h", "REDIS_CONNECT_TIMEOUT", "soon"))
                        .variable());
        assertEquals(
                "REDIS_KEY_PREFIX",
                invalid(Map.of("REDIS_URL", "redis://h", "REDIS_KEY_PREFIX", "my app:"))
                        .variable());
        assertEquals(
                "REDIS_KEY_PREFIX",
                invalid(Map.of("REDIS_URL", "redis://h", "REDIS_KEY_PREFIX", "{app}:"))
                        .variable());
    }

    @Test
    void breakerSettings() {
        PortkitConfig config = parse(Map.of(
                "REDIS_BREAKER_FAILURE_RATE", "25",
                "REDIS_BREAKER_MIN_CALLS", "10",
                "REDIS_BREAKER_OPEN_WAIT", "5s"));

        assertEquals(new RedisBreakerSettings(25, 10, Duration.ofSeconds(5)), config.redisBreaker());
        assertEquals(
                "REDIS_BREAKER_FAILURE_RATE",
                invalid(Map.of("REDIS_BREAKER_FAILURE_RATE", "0")).variable());
        assertEquals(
                "REDIS_BREAKER_FAILURE_RATE",
                invalid(Map.of("REDIS_BREAKER_FAILURE_RATE", "101")).variable());
        assertEquals(
                "REDIS_BREAKER_MIN_CALLS",
                invalid(Map.of("REDIS_BREAKER_MIN_CALLS", "0")).variable());
        assertEquals(
                "REDIS_BREAKER_OPEN_WAIT",
                invalid(Map.of("REDIS_BREAKER_OPEN_WAIT", "0s")).variable());
    }

    @Test
    void cacheBoundJitterJournalAndFallbackTtl() {
        PortkitConfig byEntries = parse(Map.of(
                "CACHE_MAX_ENTRIES", "500",
                "CACHE_TTL_JITTER", "15%",
                "CACHE_JOURNAL_CAPACITY", "50",
                "CACHE_FALLBACK_MAX_TTL", "30s"));
        assertEquals(500, byEntries.cache().maximum());
        assertFalse(byEntries.cache().inBytes());
        assertEquals(15, byEntries.cache().jitter().percent());
        assertEquals(15, byEntries.redisCache().jitter().percent());
        assertEquals(50, byEntries.redisCache().journalCapacity());
        assertEquals(Duration.ofSeconds(30), byEntries.redisCache().fallbackMaxTtl());

        CaffeineCacheSettings byBytes = parse(Map.of("CACHE_MAX_BYTES", "64mb", "CACHE_TTL_JITTER", "5"))
                .cache();
        assertEquals(64L * 1024 * 1024, byBytes.maximum());
        assertTrue(byBytes.inBytes());
        assertEquals(5, byBytes.jitter().percent());
    }

    @Test
    void invalidCacheSettingsAreRejected() {
        assertEquals(
                "CACHE_MAX_ENTRIES",
                invalid(Map.of("CACHE_MAX_ENTRIES", "10", "CACHE_MAX_BYTES", "1mb"))
                        .variable());
        assertEquals(
                "CACHE_MAX_ENTRIES", invalid(Map.of("CACHE_MAX_ENTRIES", "0")).variable());
        assertEquals(
                "CACHE_MAX_BYTES", invalid(Map.of("CACHE_MAX_BYTES", "lots")).variable());
        assertEquals(
                "CACHE_TTL_JITTER", invalid(Map.of("CACHE_TTL_JITTER", "150%")).variable());
        assertEquals(
                "CACHE_JOURNAL_CAPACITY",
                invalid(Map.of("CACHE_JOURNAL_CAPACITY", "0")).variable());
        assertEquals(
                "CACHE_FALLBACK_MAX_TTL",
                invalid(Map.of("CACHE_FALLBACK_MAX_TTL", "0s")).variable());
    }

    @Test
    void nearCacheIsOnForTheContentNamespacesByDefault() {
        NearCacheSettings near = parse(Map.of()).redisCache().near();

        assertEquals(NearCacheSettings.defaults(), near);
        assertTrue(near.enabled());
        assertEquals(Duration.ofSeconds(2), near.ttl());
        assertEquals(10_000, near.maxEntries());
        assertTrue(near.covers("content-item-article"));
        assertTrue(near.covers("content-page-article"));
        assertFalse(near.covers("sessions"));
    }

    @Test
    void nearCacheSettings() {
        NearCacheSettings near = parse(Map.of(
                        "CACHE_NEAR_TTL", "500ms",
                        "CACHE_NEAR_MAX_ENTRIES", "100",
                        "CACHE_NEAR_NAMESPACES", " content-item- , users"))
                .redisCache()
                .near();
        assertEquals(new NearCacheSettings(true, Duration.ofMillis(500), 100, List.of("content-item-", "users")), near);
        assertFalse(near.covers("content-page-article"));

        assertTrue(
                parse(Map.of("CACHE_NEAR_NAMESPACES", "*")).redisCache().near().covers("anything"));
        NearCacheSettings off =
                parse(Map.of("CACHE_NEAR_ENABLED", "false")).redisCache().near();
        assertFalse(off.enabled());
        assertFalse(off.covers("content-item-article"));
    }

    @Test
    void invalidNearCacheSettingsAreRejected() {
        assertEquals(
                "CACHE_NEAR_ENABLED",
                invalid(Map.of("CACHE_NEAR_ENABLED", "yes")).variable());
        assertEquals("CACHE_NEAR_TTL", invalid(Map.of("CACHE_NEAR_TTL", "0s")).variable());
        assertEquals(
                "CACHE_NEAR_MAX_ENTRIES",
                invalid(Map.of("CACHE_NEAR_MAX_ENTRIES", "0")).variable());
        assertEquals(
                "CACHE_NEAR_NAMESPACES",
                invalid(Map.of("CACHE_NEAR_NAMESPACES", "content-,,users")).variable());
        assertEquals(
                "CACHE_NEAR_NAMESPACES",
                invalid(Map.of("CACHE_NEAR_NAMESPACES", "Content Items")).variable());
    }

    @Test
    void redisAdapterWithoutAnAddressNamesBothWays() {
        ConfigException e = invalid(Map.of("CACHE_ADAPTER", "redis"));

        assertEquals("CACHE_ADAPTER", e.variable());
        assertTrue(e.getMessage().contains("REDIS_HOST"), e.getMessage());
    }

    /** Redis refuses such a name at every connect, which would leave the service on its fallback for good. */
    @ParameterizedTest
    @ValueSource(strings = {"a b", "api\u00e9", "x\ty"})
    void aClientNameRedisWouldRefuseIsRejected(String name) {
        assertEquals(
                "REDIS_CLIENT_NAME",
                invalid(Map.of("REDIS_URL", "redis://h", "REDIS_CLIENT_NAME", name))
                        .variable());
    }

    private static PortkitConfig parse(Map<String, String> variables) {
        return PortkitConfig.fromEnvironment(new HashMap<>(variables));
    }

    private static RedisSettings redis(Map<String, String> variables) {
        return parse(variables).redis().orElseThrow();
    }

    private static ConfigException invalid(Map<String, String> variables) {
        return assertThrows(ConfigException.class, () -> parse(variables));
    }
}
