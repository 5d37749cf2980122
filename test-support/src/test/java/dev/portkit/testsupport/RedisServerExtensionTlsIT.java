package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisServerExtensionTlsIT {

    private static final TestCertificates CERTIFICATES = TestCertificates.generate();

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.builder()
            .tls(CERTIFICATES.serverCertificate(), CERTIFICATES.serverKey(), CERTIFICATES.caCertificate())
            .build();

    @Test
    void uriSaysTls() {
        assertEquals("rediss", redis.uri().getScheme());
    }

    @Test
    void setAndGetOverTlsTrustingTheGeneratedCa() {
        try (RedisClient client = clientTrustingTheTestCa();
                StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("over", "tls");

            assertEquals("tls", connection.sync().get("over"));
        }
    }

    @Test
    void flushAllWorksOverTls() {
        try (RedisClient client = clientTrustingTheTestCa();
                StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("doomed", "value");
            connection.sync().select(1);
            connection.sync().set("doomed-in-db-1", "value");
            assertEquals("value", connection.sync().get("doomed-in-db-1"), "there before the flush");
            connection.sync().select(0);
            assertEquals("value", connection.sync().get("doomed"), "there before the flush");
            connection.sync().select(1);

            redis.flushAll();

            assertNull(connection.sync().get("doomed-in-db-1"));
            connection.sync().select(0);
            assertNull(connection.sync().get("doomed"));
        }
    }

    private static RedisClient clientTrustingTheTestCa() {
        SslOptions trustTheTestCa = SslOptions.builder()
                .jdkSslProvider()
                .trustManager(CERTIFICATES.caCertificate().toFile())
                .build();
        return LettuceClients.create(
                RedisURI.create(redis.uri()),
                LettuceClients.failFast().sslOptions(trustTheTestCa).build());
    }
}
