package dev.portkit.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway certificate authority and a server certificate it signed for {@code 127.0.0.1} and {@code
 * localhost}, in PEM files, made with the {@code openssl} command-line tool. EC P-256 keys, valid for one day,
 * no passphrase: for tests only.
 *
 * <pre>{@code
 * static final TestCertificates CERTIFICATES = TestCertificates.generate();
 *
 * @RegisterExtension
 * static final RedisServerExtension redis = RedisServerExtension.builder()
 *         .tls(CERTIFICATES.serverCertificate(), CERTIFICATES.serverKey(), CERTIFICATES.caCertificate())
 *         .build();
 * }</pre>
 *
 * @param caCertificate {@code ca.crt}, for clients to trust
 * @param serverCertificate {@code server.crt}
 * @param serverKey {@code server.key}, unencrypted PKCS #8
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

    /** Extensions of the server certificate; clients check the host they dial against its alternative names. */
    private static final String SERVER_EXTENSIONS = String.join(
            "\n",
            "basicConstraints = CA:FALSE",
            "keyUsage = critical, digitalSignature",
            "extendedKeyUsage = serverAuth",
            "subjectAltName = IP:127.0.0.1, DNS:localhost",
            "");

    /** Generates the certificates in a new temporary directory, deleted when the JVM exits. */
    public static TestCertificates generate() {
        Path directory = Directories.createTemporary("portkit-certificates-");
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> Directories.deleteQuietly(directory), "portkit-certificates-cleanup"));
        return generate(directory);
    }

    /**
     * Generates the certificates in {@code directory}, replacing files of the same names.
     *
     * @throws IllegalStateException if {@code openssl} is not installed or fails
     */
    public static TestCertificates generate(Path directory) {
        openssl(
                directory,
                "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
                        + " -subj /CN=portkit-test-CA -keyout ca.key -out ca.crt"
                        + " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
        openssl(
                directory,
                "req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
                        + " -subj /CN=localhost -keyout server.key -out server.csr");
        try {
            Files.writeString(directory.resolve("server.ext"), SERVER_EXTENSIONS, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to " + directory, e);
        }
        openssl(
                directory,
                "x509 -req -in server.csr -CA ca.crt -CAkey ca.key -set_serial 1 -days 1"
                        + " -extfile server.ext -out server.crt");
        return new TestCertificates(
                directory.resolve("ca.crt"), directory.resolve("server.crt"), directory.resolve("server.key"));
    }

    /** Runs {@code openssl} in {@code directory}; {@code arguments} are separated by single spaces. */
    private static void openssl(Path directory, String arguments) {
        Path openssl = Executables.find("openssl")
                .orElseThrow(() -> new IllegalStateException("Cannot generate test certificates: openssl is not on"
                        + " PATH, in /usr/local/bin or in /usr/bin. Install it (apt-get install openssl,"
                        + " brew install openssl)."));
        List<String> command = new ArrayList<>(List.of(openssl.toString()));
        command.addAll(List.of(arguments.split(" ")));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("openssl " + arguments + " failed in " + directory + ":\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + openssl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running openssl", e);
        }
    }
}
