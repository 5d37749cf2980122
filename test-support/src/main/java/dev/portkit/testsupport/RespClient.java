package dev.portkit.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Just enough of the Redis protocol to send one command and read a one-line reply ({@code PING}, {@code
 * FLUSHALL}), so the harness needs no Redis client library. One short-lived connection per call.
 */
final class RespClient {

    private static final int TIMEOUT_MILLIS = 2_000;

    private final String host;
    private final int port;
    private final String password;
    private final SocketFactory sockets;

    /**
     * @param password sent with {@code AUTH} before each command, or {@code null}
     * @param sockets plain or TLS sockets, e.g. from {@link #trusting(Path)}
     */
    RespClient(String host, int port, String password, SocketFactory sockets) {
        this.host = host;
        this.port = port;
        this.password = password;
        this.sockets = sockets;
    }

    /** TLS sockets that trust only the CA certificate (PEM) in {@code caCertificate}. */
    static SocketFactory trusting(Path caCertificate) {
        try (InputStream pem = Files.newInputStream(caCertificate)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the CA certificate " + caCertificate, e);
        }
    }

    /**
     * Sends {@code command} and returns the reply line, e.g. {@code +PONG}.
     *
     * @throws IOException if the server cannot be reached or replies with an error
     */
    String call(String... command) throws IOException {
        try (Socket socket = sockets.createSocket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (password != null) {
                send(out, in, "AUTH", password);
            }
            return send(out, in, command);
        }
    }

    private static String send(OutputStream out, InputStream in, String... command) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + command.length + "\r\n").getBytes(UTF_8));
        for (String part : command) {
            byte[] bytes = part.getBytes(UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(UTF_8));
            request.writeBytes(bytes);
            request.writeBytes("\r\n".getBytes(UTF_8));
        }
        out.write(request.toByteArray());
        out.flush();
        String reply = readLine(in);
        if (reply.startsWith("-")) {
            throw new IOException("Redis replied " + reply + " to " + command[0]);
        }
        return reply;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("Redis closed the connection before replying");
            }
            line.write(b);
        }
        return line.toString(UTF_8).strip();
    }
}
