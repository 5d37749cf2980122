package dev.portkit.adapters.redis;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Redis and how patiently. {@link #toString()} never shows the password.
 *
 * @param endpoint where Redis is: one server, a Sentinel-monitored primary or a Cluster; without
 *     credentials
 * @param commandTimeout the longest any command may take before it fails
 * @param connectTimeout the longest a (re)connect may take
 * @param clientName the name shown by {@code CLIENT LIST}, to find this service's connections
 * @param username the ACL user, if not {@code default}
 * @param password the password ({@code AUTH}), if Redis requires one; on Sentinel, the primary's and its
 *     replicas' (Sentinels themselves are asked without one); on a Cluster, every node's
 * @param tls whether and how to use TLS
 * @param reconnectMaxDelay the cap of the exponential back-off between reconnect attempts; keep it
 *     short so that Redis is used again soon after it is back
 * @param keyPrefix put in front of every key of every Redis adapter, so that several applications
 *     can share one Redis
 */
public record RedisSettings(
        RedisEndpoint endpoint,
        Duration commandTimeout,
        Duration connectTimeout,
        String clientName,
        Optional<String> username,
        Optional<String> password,
        Tls tls,
        Duration reconnectMaxDelay,
        String keyPrefix) {

    /** The default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "portkit:";
    /** The default cap of the reconnect back-off. */
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(2);

    public RedisSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (keyPrefix.chars().anyMatch(c -> Character.isWhitespace(c) || c == '{' || c == '}')) {
            throw new IllegalArgumentException("Redis key prefix must not contain whitespace, { or }");
        }
    }

    /** Plain settings for one server: no credentials, TLS only for {@code rediss://}, default prefix. */
    public RedisSettings(URI uri, Duration commandTimeout, Duration connectTimeout, String clientName) {
        this(RedisEndpoint.of(uri), commandTimeout, connectTimeout, clientName);
    }

    /** Plain settings: no credentials, TLS only if the endpoint says so, default prefix. */
    public RedisSettings(RedisEndpoint endpoint, Duration commandTimeout, Duration connectTimeout, String clientName) {
        this(
                endpoint,
                commandTimeout,
                connectTimeout,
                clientName,
                Optional.empty(),
                Optional.empty(),
                Tls.DEFAULT,
                DEFAULT_RECONNECT_MAX_DELAY,
                DEFAULT_KEY_PREFIX);
    }

    /** These settings with a password (and ACL user, if present). */
    public RedisSettings withCredentials(Optional<String> username, String password) {
        return new RedisSettings(
                endpoint,
                commandTimeout,
                connectTimeout,
                clientName,
                username,
                Optional.of(password),
                tls,
                reconnectMaxDelay,
                keyPrefix);
    }

    /** These settings with other TLS options. */
    public RedisSettings withTls(Tls tls) {
        return new RedisSettings(
                endpoint,
                commandTimeout,
                connectTimeout,
                clientName,
                username,
                password,
                tls,
                reconnectMaxDelay,
                keyPrefix);
    }

    /** These settings with another command timeout. */
    public RedisSettings withCommandTimeout(Duration commandTimeout) {
        return new RedisSettings(
                endpoint,
                commandTimeout,
                connectTimeout,
                clientName,
                username,
                password,
                tls,
                reconnectMaxDelay,
                keyPrefix);
    }

    /** These settings with another client name. */
    public RedisSettings withClientName(String clientName) {
        return new RedisSettings(
                endpoint,
                commandTimeout,
                connectTimeout,
                clientName,
                username,
                password,
                tls,
                reconnectMaxDelay,
                keyPrefix);
    }

    /** These settings with another key prefix. */
    public RedisSettings withKeyPrefix(String keyPrefix) {
        return new RedisSettings(
                endpoint,
                commandTimeout,
                connectTimeout,
                clientName,
                username,
                password,
                tls,
                reconnectMaxDelay,
                keyPrefix);
    }

    /** Whether connections use TLS: a {@code rediss://} address or {@link Tls#enabled()}. */
    public boolean usesTls() {
        return tls.enabled() || endpoint.tls();
    }

    /** Where Redis is, without credentials, safe for logs (see {@link RedisEndpoint#toString()}). */
    public String redactedUri() {
        return endpoint.toString();
    }

    @Override
    public String toString() {
        return "RedisSettings[endpoint=" + redactedUri() + ", commandTimeout=" + commandTimeout + ", connectTimeout="
                + connectTimeout + ", clientName=" + clientName + ", username=" + username.orElse("(default)")
                + ", password=" + (password.isPresent() ? "***" : "(none)") + ", tls=" + tls
                + ", reconnectMaxDelay=" + reconnectMaxDelay + ", keyPrefix=" + keyPrefix + "]";
    }

    /**
     * TLS options.
     *
     * @param enabled use TLS even with a {@code redis://} URI
     * @param verify how much of the server's certificate to check
     * @param caFile a PEM file of the CA(s) to trust instead of the JVM's default trust store
     */
    public record Tls(boolean enabled, Verify verify, Optional<Path> caFile) {

        /** TLS only for {@code rediss://}; full verification against the JVM's trust store. */
        public static final Tls DEFAULT = new Tls(false, Verify.FULL, Optional.empty());

        public Tls {
            Objects.requireNonNull(verify, "verify");
            Objects.requireNonNull(caFile, "caFile");
        }
    }

    /** Server certificate checks. */
    public enum Verify {
        /** Certificate chain and host name (the default). */
        FULL,
        /** Certificate chain only: for servers reached by an address their certificate does not name. */
        CA,
        /** Nothing: encrypts but does not authenticate the server. For tests only. */
        NONE
    }
}
