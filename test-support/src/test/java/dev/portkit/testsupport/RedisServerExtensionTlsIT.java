package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        SslOptions trustTheTestCa = SslOptions.builder()
                .jdkSslProvider()
                .trustManager(CERTIFICATES.caCertificate().toFile())
                .build();
        try (RedisClient client = LettuceClients.create(
                        RedisURI.create(redis.uri()),
                        LettuceClients.failFast().sslOptions(trustTheTestCa).build());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("over", "tls");

            assertEquals("tls", connection.sync().get("over"));
        }
    }

    @Test
    void flushAllWorksOverTls() {
        redis.flushAll();
    }
}
