package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheContract;
import dev.portkit.domain.cache.MapCache;
import dev.portkit.testsupport.RedisServerExtension;
import dev.portkit.testsupport.TestCertificates;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
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
    static final RedisExtension redis = RedisExtension.on(RedisServerExtension.builder()
            .tls(CERTIFICATES.serverCertificate(), CERTIFICATES.serverKey(), CERTIFICATES.caCertificate())
            .password(PASSWORD)
            .serverArguments("--user", "app", "on", ">" + ACL_PASSWORD, "~*", "&*", "+@all")
            .build());

    @Override
    protected Cache createCache(String keyPrefix) {
        return new RedisCache(
                redis.connector(),
                redis.circuit(),
                new MapCache(),
                RedisCacheSettings.withPrefix(redis.keyPrefix() + keyPrefix));
    }

    @Test
    void theWholeSuiteRanOverTlsWithoutFallingBack() {
        assertEquals("rediss", redis.server().uri().getScheme());
        assertTrue(redis.settings().usesTls());
        cache.put(ARTICLES, "a1", "v1", UTF8);
        assertEquals(Optional.of("v1"), cache.get(ARTICLES, "a1", UTF8));
        assertFalse(redis.circuit().isOpen());
    }

    @Test
    void aclUserWithItsOwnPasswordConnects() {
        assertTrue(probe(trustingTheTestCa().withCredentials(Optional.of("app"), ACL_PASSWORD))
                .answered());
    }

    @Test
    void redisTlsFlagTurnsARedisUriIntoTls() {
        RedisSettings plainUriWithTlsFlag = new RedisSettings(
                        URI.create("redis://" + redis.server().host() + ":"
                                + redis.server().port()),
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
        RedisConnector own = redis.newConnector(settings);
        RedisCircuit probed = redis.closeAfterTest(new RedisCircuit(RedisBreakerSettings.DEFAULTS, () -> own.ping()));
        return new Probe(probed.probeNow(), probed.status());
    }

    private static RedisSettings trustingTheTestCa() {
        return redis.settings();
    }
}
