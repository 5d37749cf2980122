package dev.portkit.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;

/**
 * How a harness-managed Redis is configured, whichever way it runs.
 *
 * <p>Both ways give the server a working directory of its own; the TLS files are put there under fixed
 * names, so the arguments are the same for a process and for a container.
 *
 * @param password the {@code requirepass} password, or {@code null} for none
 * @param tls the certificate files for a TLS-only server, or {@code null} for plain TCP
 * @param extraArguments appended last, so they override the harness's own arguments
 */
record ServerOptions(String password, Tls tls, List<String> extraArguments) {

    /** A plain server without a password. */
    static final ServerOptions DEFAULT = new ServerOptions(null, null, List.of());

    ServerOptions {
        extraArguments = List.copyOf(extraArguments);
    }

    /** Host files for a TLS server, in PEM. */
    record Tls(Path certificate, Path key, Path caCertificate) {}

    /** The files to copy into the server's working directory, by the name the arguments use. */
    Map<String, Path> files() {
        return tls == null
                ? Map.of()
                : Map.of("server.crt", tls.certificate(), "server.key", tls.key(), "ca.crt", tls.caCertificate());
    }

    /** Sockets for a client of this server: TLS trusting {@link Tls#caCertificate()}, or plain. */
    SocketFactory sockets() {
        return tls == null ? SocketFactory.getDefault() : RespClient.trusting(tls.caCertificate());
    }

    /** The {@code redis-server} arguments for a server listening on {@code port}. */
    List<String> arguments(int port) {
        List<String> arguments = new ArrayList<>(List.of("--save", "", "--appendonly", "no"));
        if (tls == null) {
            arguments.addAll(List.of("--port", Integer.toString(port)));
        } else {
            arguments.addAll(List.of(
                    "--port", "0",
                    "--tls-port", Integer.toString(port),
                    "--tls-cert-file", "server.crt",
                    "--tls-key-file", "server.key",
                    "--tls-ca-cert-file", "ca.crt",
                    "--tls-auth-clients", "no"));
        }
        if (password != null) {
            arguments.addAll(List.of("--requirepass", password));
        }
        arguments.addAll(extraArguments);
        return arguments;
    }
}
