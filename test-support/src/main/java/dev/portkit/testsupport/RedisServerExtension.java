package dev.portkit.testsupport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Gives a test class a real Redis, with or without Docker. It never skips: if it finds no way to get a Redis,
 * the class fails with a message saying how to get one.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension redis = new RedisServerExtension();
 *
 * @Test
 * void reconnectsAfterAnOutage() {
 *     RedisURI uri = RedisURI.create(redis.uri());
 *     ...
 *     redis.stop();  // connections are now refused
 *     redis.start(); // back on the same host and port, with no data
 * }
 * }</pre>
 *
 * <p>Register it on a static field: it starts Redis before the class's tests (and its {@code @BeforeAll}
 * methods) and stops it after them; {@code @Nested} classes share it. It takes the first of:
 *
 * <ol>
 *   <li>the environment variable {@code REDIS_URL}, e.g. {@code redis://:secret@localhost:6379}, used as it
 *       is. Such a Redis cannot be stopped or configured: {@link #stop()}, {@link #start()} and the {@link
 *       Builder} options then throw {@link IllegalStateException};
 *   <li>a {@code redis:7} Docker container, if Testcontainers finds Docker;
 *   <li>a {@code redis-server} process on a free port of 127.0.0.1, if the executable is on {@code PATH} or in
 *       {@code /usr/local/bin} or {@code /usr/bin}.
 * </ol>
 *
 * <p>The Redis that the harness starts keeps nothing on disk ({@code --save ''}, {@code --appendonly no}), so
 * a restart empties it. It logs at INFO which one it chose and its URI, never a password. Not meant for test
 * classes that run in parallel.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(RedisServerExtension.class);

    private final ServerOptions options;
    /** The unique id of the test class that started Redis; its {@code @Nested} classes reuse it. */
    private String owner;

    private URI uri;
    private String password;
    private RespClient client;
    /** Null when Redis comes from {@code REDIS_URL}. */
    private ManagedRedis managed;

    /** A plain Redis without a password. */
    public RedisServerExtension() {
        this(ServerOptions.DEFAULT);
    }

    private RedisServerExtension(ServerOptions options) {
        this.options = options;
    }

    /** Options for a Redis with a password, TLS or more {@code redis-server} arguments. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner != null) {
            return;
        }
        String url = System.getenv("REDIS_URL");
        String description;
        if (url != null && !url.isBlank()) {
            description = "REDIS_URL";
            useExternal(ExternalRedis.parse(url));
        } else {
            managed = startManaged();
            description = managed.description();
            uri = URI.create(
                    (options.tls() == null ? "redis" : "rediss") + "://" + managed.host() + ":" + managed.port());
            password = options.password();
            client = new RespClient(managed.host(), managed.port(), password, options.sockets());
        }
        owner = context.getUniqueId();
        LOG.info("Redis for {}: {} at {}", context.getDisplayName(), description, uri);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        owner = null;
        if (managed != null) {
            managed.close();
            managed = null;
        }
    }

    /** Where Redis listens, e.g. {@code redis://127.0.0.1:34567}, or {@code rediss://} with TLS; no password. */
    public URI uri() {
        requireStarted();
        return uri;
    }

    /** The host of {@link #uri()}. */
    public String host() {
        return uri().getHost();
    }

    /** The port of {@link #uri()}; it stays the same across {@link #stop()} and {@link #start()}. */
    public int port() {
        return uri().getPort();
    }

    /** The password clients must send with {@code AUTH}, if Redis requires one. */
    public Optional<String> password() {
        requireStarted();
        return Optional.ofNullable(password);
    }

    /**
     * Stops Redis to simulate an outage: connections are refused until {@link #start()}. Does nothing if it is
     * stopped.
     *
     * @throws IllegalStateException if Redis comes from {@code REDIS_URL}
     */
    public void stop() {
        requireManaged("stop()").stop();
    }

    /**
     * Starts Redis again, on the same host and port and without data, and waits until it answers. Does nothing
     * if it is running.
     *
     * @throws IllegalStateException if Redis comes from {@code REDIS_URL}
     */
    public void start() {
        requireManaged("start()").start();
    }

    /**
     * Freezes Redis (SIGSTOP, or {@code docker pause}) to simulate a server that accepts connections
     * but never answers: commands wait for their timeout. Always {@link #resume()} it (in a {@code
     * finally}); {@link #stop()} resumes it too.
     *
     * @throws IllegalStateException if Redis comes from {@code REDIS_URL}
     */
    public void hang() {
        requireManaged("hang()").hang();
    }

    /**
     * Lets a {@link #hang() hung} Redis run again, with its data; does nothing if it is not hung.
     *
     * @throws IllegalStateException if Redis comes from {@code REDIS_URL}
     */
    public void resume() {
        requireManaged("resume()").resume();
    }

    /** Deletes every key in every database, e.g. between tests that share the server. */
    public void flushAll() {
        requireStarted();
        try {
            client.call("FLUSHALL");
        } catch (IOException e) {
            throw new UncheckedIOException("FLUSHALL failed on " + uri, e);
        }
    }

    private void useExternal(ExternalRedis external) {
        if (!options.equals(ServerOptions.DEFAULT)) {
            throw new IllegalStateException("REDIS_URL is set, but this test needs a Redis with a password, TLS or"
                    + " other server arguments, which only a Redis that the harness manages can have."
                    + " Unset REDIS_URL to run it.");
        }
        uri = external.uri();
        password = external.password();
        SocketFactory sockets = external.tls() ? SSLSocketFactory.getDefault() : SocketFactory.getDefault();
        client = new RespClient(uri.getHost(), uri.getPort(), password, sockets);
    }

    private ManagedRedis startManaged() {
        ManagedRedis server;
        if (DockerClientFactory.instance().isDockerAvailable()) {
            server = new DockerRedis(options);
        } else {
            server = Executables.find("redis-server")
                    .map(executable -> (ManagedRedis) new ProcessRedis(executable, options))
                    .orElseThrow(() -> new IllegalStateException("No Redis for tests: Docker is not available and"
                            + " redis-server is not on PATH, in /usr/local/bin or in /usr/bin. Install Docker, or"
                            + " install Redis (apt-get install redis-server, brew install redis), or set REDIS_URL"
                            + " to a Redis to use, e.g. redis://localhost:6379."));
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void requireStarted() {
        if (owner == null) {
            throw new IllegalStateException("Redis is not running: register RedisServerExtension on a static field"
                    + " with @RegisterExtension, and use it from tests, @BeforeAll or @BeforeEach methods.");
        }
    }

    private ManagedRedis requireManaged(String operation) {
        requireStarted();
        if (managed == null) {
            throw new IllegalStateException(operation + " needs a Redis that the harness manages, but this one is"
                    + " REDIS_URL (" + uri + "). Unset REDIS_URL to run outage tests.");
        }
        return managed;
    }

    /** Options for a Redis that the harness starts itself; none of them work with {@code REDIS_URL}. */
    public static final class Builder {

        private String password;
        private ServerOptions.Tls tls;
        private final List<String> serverArguments = new ArrayList<>();

        private Builder() {}

        /** Requires this password ({@code --requirepass}); {@link RedisServerExtension#uri()} still carries none. */
        public Builder password(String password) {
            if (password.isBlank()) {
                throw new IllegalArgumentException("A Redis password must not be blank");
            }
            this.password = password;
            return this;
        }

        /**
         * Makes Redis listen for TLS only, with these PEM files (see {@link TestCertificates}); the URI scheme is
         * then {@code rediss}. Clients must trust {@code caFile}; they need no certificate of their own.
         */
        public Builder tls(Path certFile, Path keyFile, Path caFile) {
            this.tls = new ServerOptions.Tls(requireNonNull(certFile), requireNonNull(keyFile), requireNonNull(caFile));
            return this;
        }

        /**
         * Adds {@code redis-server} arguments, e.g. {@code "--maxmemory", "1mb"}. They come after the harness's own
         * and so override them. They are passed as they are, also to a container, which cannot see this
         * machine's files.
         */
        public Builder serverArguments(String... arguments) {
            serverArguments.addAll(List.of(arguments));
            return this;
        }

        public RedisServerExtension build() {
            return new RedisServerExtension(new ServerOptions(password, tls, serverArguments));
        }
    }
}
