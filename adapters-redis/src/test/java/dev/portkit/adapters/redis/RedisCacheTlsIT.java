package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheContract;
import dev.portkit.domain.cache.MapCache;
import dev.portkit.testsupport.RedisServerExtension;
import dev.portkit.testsupport.TestCertificates;
import io.lettuce.core.RedisClient;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache contract over TLS with a password, against a TLS-only redis-server with a throwaway CA;
 * plus what must fail: an untrusted server, a wrong password, and that neither leaks a secret.
 */
class RedisCacheTlsIT extends CacheContract {

    private static final String PASSWORD = "default-user-secret";
    private static final String ACL_PASSWORD = "app-user-secret";
    private static final TestCertificates CERTIFICATES = TestCertificates.generate();

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.builder()
            .tls(CERTIFICATES.serverCertificate(), CERTIFICATES.serverKey(), CERTIFICATES.caCertificate())
            .password(PASSWORD)
            .serverArguments("--user", "app", "on", ">" + ACL_PASSWORD, "~*", "&*", "+@all")
            .build();

    private static RedisClient client;
    private static RedisConnector connector;
    private static RedisCircuit circuit;

    @BeforeAll
    static void connect() {
        client = LettuceClients.create(trustingTheTestCa());
        connector = new RedisConnector(client);
        circuit = new RedisCircuit(
                RedisBreakerSettings.DEFAULTS, () -> connector.strings().sync().ping());
    }

    @AfterAll
    static void disconnect() {
        circuit.close();
        connector.close();
        client.shutdown();
    }

    @Override
    protected Cache createCache(String keyPrefix) {
        return new RedisCache(connector, circuit, new MapCache(), RedisCacheSettings.withPrefix(keyPrefix));
    }

    @Test
    void theWholeSuiteRanOverTlsWithoutFallingBack() {
        assertEquals("rediss", redis.uri().getScheme());
        assertTrue(trustingTheTestCa().usesTls());
        cache.put(ARTICLES, "a1", "v1", UTF8);
        assertEquals(Optional.of("v1"), cache.get(ARTICLES, "a1", UTF8));
        assertFalse(circuit.isOpen());
    }

    @Test
    void aclUserWithItsOwnPasswordConnects() {
        assertTrue(probe(trustingTheTestCa().withCredentials(Optional.of("app"), ACL_PASSWORD))
                .answered());
    }

    @Test
    void redisTlsFlagTurnsARedisUriIntoTls() {
        RedisSettings plainUriWithTlsFlag = new RedisSettings(
                        URI.create("redis://" + redis.host() + ":" + redis.port()),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(2),
                        "portkit-tls-test")
                .withCredentials(Optional.empty(), PASSWORD)
                .withTls(new RedisSettings.Tls(
                        true, RedisSettings.Verify.FULL, Optional.of(CERTIFICATES.caCertificate())));

        assertTrue(probe(plainUriWithTlsFlag).answered());
    }

    @Test
    void serverNotSignedByATrustedCaIsRejected() {
        Probe untrusted = probe(trustingTheTestCa().withTls(RedisSettings.Tls.DEFAULT));

        assertFalse(untrusted.answered());
        assertTrue(untrusted.status().fallbackActive());
        String error = untrusted.status().lastError().orElseThrow();
        assertTrue(error.contains("certification path"), error);
    }

    @Test
    void wrongPasswordIsRejectedAndNeverShown() {
        String wrong = "wrong-password-123";
        RedisSettings settings = trustingTheTestCa().withCredentials(Optional.of("app"), wrong);

        Probe rejected = probe(settings);

        assertFalse(rejected.answered());
        String error = rejected.status().lastError().orElseThrow();
        assertTrue(error.contains("WRONGPASS"), error);
        assertFalse(error.contains(wrong), error);
        assertFalse(settings.toString().contains(wrong), settings::toString);
    }

    private record Probe(boolean answered, RedisStatus status) {}

    /** Probes Redis once with a client of its own, as the service does at start-up. */
    private static Probe probe(RedisSettings settings) {
        RedisClient own = LettuceClients.create(settings);
        RedisConnector ownConnector = new RedisConnector(own);
        RedisCircuit probed = new RedisCircuit(
                RedisBreakerSettings.DEFAULTS,
                () -> ownConnector.strings().sync().ping());
        try {
            return new Probe(probed.probeNow(), probed.status());
        } finally {
            probed.close();
            ownConnector.close();
            own.shutdown();
        }
    }

    private static RedisSettings trustingTheTestCa() {
        return new RedisSettings(redis.uri(), Duration.ofMillis(500), Duration.ofSeconds(2), "portkit-tls-test")
                .withCredentials(Optional.empty(), PASSWORD)
                .withTls(new RedisSettings.Tls(
                        false, RedisSettings.Verify.FULL, Optional.of(CERTIFICATES.caCertificate())));
    }
}
