package dev.portkit.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
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
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Just enough of the Redis protocol (RESP2) for the harness to run a few commands ({@code PING}, {@code SCAN},
 * {@code UNLINK}, {@code INFO}, {@code CLUSTER NODES}), so it needs no Redis client library. One short-lived
 * connection per call or {@link #session}.
 */
final class RespClient {

    private static final int TIMEOUT_MILLIS = 2_000;

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final SocketFactory sockets;
    private final int database;

    /**
     * @param password sent with {@code AUTH} before each command, or {@code null}
     * @param sockets plain or TLS sockets, e.g. from {@link #trusting(Path)}
     */
    RespClient(String host, int port, String password, SocketFactory sockets) {
        this(host, port, null, password, sockets);
    }

    /** @param username the ACL user for {@code AUTH}, or {@code null} for the default user */
    RespClient(String host, int port, String username, String password, SocketFactory sockets) {
        this(host, port, username, password, sockets, 0);
    }

    private RespClient(String host, int port, String username, String password, SocketFactory sockets, int database) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.sockets = sockets;
        this.database = database;
    }

    /** A client that works in database {@code number} ({@code SELECT}) instead of 0. */
    RespClient inDatabase(int number) {
        return new RespClient(host, port, username, password, sockets, number);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** A client of another server with the same credentials and sockets, e.g. another node of a cluster. */
    RespClient at(String otherHost, int otherPort) {
        return new RespClient(otherHost, otherPort, username, password, sockets, database);
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
     * Sends {@code command} and returns the reply: a {@code String} (status or bulk), a {@code Long}, a {@code
     * List} of replies, or {@code null}.
     *
     * @throws IOException if the server cannot be reached or replies with an error
     */
    Object call(String... command) throws IOException {
        try (Session session = session()) {
            return session.call(command);
        }
    }

    /** {@link #call} for a reply that is text, e.g. {@code +PONG} is {@code PONG}. */
    String text(String... command) throws IOException {
        return String.valueOf(call(command));
    }

    /** One connection for several commands, authenticated once. */
    Session session() throws IOException {
        Socket socket = sockets.createSocket();
        try {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            Session session = new Session(socket);
            if (password != null) {
                if (username == null) {
                    session.call("AUTH", password);
                } else {
                    session.call("AUTH", username, password);
                }
            }
            if (database != 0) {
                session.call("SELECT", Integer.toString(database));
            }
            return session;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** An open connection; close it when done. */
    static final class Session implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        private Session(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        /** See {@link RespClient#call}. */
        Object call(String... command) throws IOException {
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
            Object reply = read();
            if (reply instanceof Error error) {
                throw new IOException("Redis replied -" + error.message() + " to " + command[0]);
            }
            return reply;
        }

        private Object read() throws IOException {
            int type = in.read();
            if (type == -1) {
                throw new IOException("Redis closed the connection before replying");
            }
            String line = readLine();
            return switch (type) {
                case '+' -> line;
                case '-' -> new Error(line);
                case ':' -> Long.parseLong(line);
                case '$' -> {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        yield null;
                    }
                    byte[] bytes = in.readNBytes(length + 2);
                    yield new String(bytes, 0, length, UTF_8);
                }
                case '*' -> {
                    int count = Integer.parseInt(line);
                    if (count < 0) {
                        yield null;
                    }
                    List<Object> items = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        items.add(read());
                    }
                    yield items;
                }
                default -> throw new IOException("Unexpected reply type " + (char) type);
            };
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new IOException("Redis closed the connection in the middle of a reply");
                }
                line.write(b);
            }
            return line.toString(UTF_8).strip();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** An error reply inside an array (e.g. of EXEC); a top-level one is thrown. */
    private record Error(String message) {}
}
