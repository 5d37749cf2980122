package dev.portkit.bootstrap.config;

import dev.portkit.adapters.http.HttpSettings;
import dev.portkit.adapters.http.TrustedProxies;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;

/**
 * The HTTP variables: where to listen, what a client may send ({@code HTTP_MAX_BODY_BYTES}, {@code
 * HTTP_MAX_HEADER_BYTES}, {@code HTTP_MAX_HEADERS}), how long it may take ({@code
 * HTTP_BODY_TIMEOUT}, {@code HTTP_IDLE_TIMEOUT}), whose forwarding headers to believe ({@code
 * HTTP_TRUSTED_PROXIES}) and {@code SHUTDOWN_TIMEOUT}.
 */
final class HttpVariables {

    /** Bodies are held in memory while they are read: bounded so that many uploads cannot exhaust the heap. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private HttpVariables() {}

    static HttpSettings parse(Env env, boolean virtualThreads) {
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.parse(env.string("HTTP_TRUSTED_PROXIES", ""));
        } catch (IllegalArgumentException e) {
            throw env.invalid(
                    "HTTP_TRUSTED_PROXIES",
                    env.string("HTTP_TRUSTED_PROXIES", ""),
                    e.getMessage()
                            + "; expected comma-separated IP addresses or CIDR ranges, e.g. 10.0.0.0/8,fd00::/8");
        }
        return new HttpSettings(
                host(env),
                env.integer("PORT", 8080, 0, 65_535),
                env.integer("HTTP_MAX_BODY_BYTES", 64 * 1024, 1, MAX_BODY_BYTES),
                virtualThreads,
                env.duration("SHUTDOWN_TIMEOUT", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10)),
                env.duration(
                        "HTTP_IDLE_TIMEOUT",
                        HttpSettings.DEFAULT_IDLE_TIMEOUT,
                        Duration.ofSeconds(1),
                        Duration.ofHours(1)),
                env.duration(
                        "HTTP_BODY_TIMEOUT",
                        HttpSettings.DEFAULT_BODY_TIMEOUT,
                        Duration.ofMillis(100),
                        Duration.ofMinutes(10)),
                env.integer("HTTP_MAX_HEADER_BYTES", HttpSettings.DEFAULT_MAX_HEADER_BYTES, 1024, 65_536),
                env.integer("HTTP_MAX_HEADERS", HttpSettings.DEFAULT_MAX_HEADERS, 10, 1_000),
                proxies);
    }

    /**
     * An address the server can listen on: a wildcard ({@code 0.0.0.0}, {@code ::}) or an address of one of
     * this machine's interfaces, written as an IP address or a host name that resolves to one. Anything else
     * would fail only at bind, with Jetty's "port already in use".
     */
    private static String host(Env env) {
        String host = env.string("HTTP_HOST", "0.0.0.0");
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress()
                    || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null) {
                return host;
            }
        } catch (IOException | SecurityException e) {
            // unresolvable or not an address: reported below
        }
        throw env.invalid(
                "HTTP_HOST",
                host,
                "expected an address of this machine to listen on, such as 0.0.0.0 (every interface), 127.0.0.1,"
                        + " :: or a host name that resolves to one");
    }
}
