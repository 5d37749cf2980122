package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    @Test
    void serverCertificateIsSignedByTheCaForLoopbackNames(@TempDir Path directory) throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory);

        X509Certificate ca = read(certificates.caCertificate());
        X509Certificate server = read(certificates.serverCertificate());
        server.verify(ca.getPublicKey());
        assertTrue(ca.getBasicConstraints() >= 0, "the CA certificate must be a CA");
        assertEquals(
                List.of(List.of(7, "127.0.0.1"), List.of(2, "localhost")),
                server.getSubjectAlternativeNames().stream().map(List::copyOf).toList());
        assertTrue(Files.readString(certificates.serverKey()).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    private static X509Certificate read(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
