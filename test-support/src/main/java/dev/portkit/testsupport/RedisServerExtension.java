package dev.portkit.testsupport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Gives a test class a real Redis and keeps its tests off data they did not create. It never skips: if it
 * finds no way to get a Redis, the class fails with a message saying how to get one.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension redis = new RedisServerExtension();
 *
 * @Test
 * void storesUnderItsOwnPrefix() {
 *     String key = redis.keyPrefix() + "greeting"; // this test's keys; deleted after it
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Which Redis.</b> Register it on a static field: it finds Redis before the class's tests (and its
 * {@code @BeforeAll} methods) and lets it go after them; {@code @Nested} classes share it. It takes the first
 * of:
 *
 * <ol>
 *   <li>{@value #URL_VARIABLE} (or the JUnit configuration parameter {@value #URL_PARAMETER}), e.g. {@code
 *       redis://:secret@localhost:6379/0}: a Redis somebody else runs, which may hold other data. Never the
 *       application's own {@code REDIS_URL}: running the tests must not touch the service's Redis;
 *   <li>a {@code redis:7} Docker container, if Testcontainers finds Docker;
 *   <li>a {@code redis-server} process on a free port of 127.0.0.1, if the executable is on {@code PATH} or in
 *       {@code /usr/local/bin} or {@code /usr/bin}.
 * </ol>
 *
 * <p><b>Isolation.</b> Every test class, and every test in it, gets a {@link #keyPrefix() key prefix} of its
 * own; tests put every key they write under it. After each test the keys under its prefix are deleted, after
 * the class those under the class's, with {@code SCAN MATCH} and {@code UNLINK}: never {@code FLUSHALL} or
 * {@code FLUSHDB} on a Redis the harness did not start ({@link #flushAll()} refuses).
 *
 * <p><b>Tests that need a Redis of their own</b> (outages with {@link #stop()}/{@link #hang()}, TLS, ACL users,
 * passwords, server arguments) say so with {@link Builder#managed()} or the other {@link Builder} options: they
 * always get a Redis the harness starts, also when {@value #URL_VARIABLE} is set, and fail, saying how to get
 * one, if it cannot start one. Nothing is skipped.
 *
 * <p>The Redis that the harness starts keeps nothing on disk ({@code --save ''}, {@code --appendonly no}), so a
 * restart empties it. It logs at INFO which one it chose and its URI, never a password. Not meant for test
 * classes that run in parallel.
 */
public final class RedisServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** The environment variable naming a Redis for the tests; never the application's {@code REDIS_URL}. */
    public static final String URL_VARIABLE = "PORTKIT_TEST_REDIS_URL";

    /** The same as a JUnit configuration parameter, e.g. for a nested test run. */
    public static final String URL_PARAMETER = "portkit.test.redis.url";

    private static final Logger LOG = LoggerFactory.getLogger(RedisServerExtension.class);

    private final ServerOptions options;
    private final boolean needsManaged;
    /** The unique id of the test class that started Redis; its {@code @Nested} classes reuse it. */
    private String owner;

    private URI uri;
    private String username;
    private String password;
    private RespClient client;
    /** Null when Redis comes from {@value #URL_VARIABLE}. */
    private ManagedRedis managed;

    private String classPrefix;
    private final AtomicLong tests = new AtomicLong();
    private volatile String testPrefix;

    /** Any Redis without a password: {@value #URL_VARIABLE} when it is set, else one the harness starts. */
    public RedisServerExtension() {
        this(ServerOptions.DEFAULT, false);
    }

    private RedisServerExtension(ServerOptions options, boolean needsManaged) {
        this.options = options;
        this.needsManaged = needsManaged || !options.equals(ServerOptions.DEFAULT);
    }

    /** Options for a Redis of the test's own: for outages, with a password, TLS or more arguments. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner != null) {
            return;
        }
        Optional<String> url = externalUrl(context);
        String description;
        if (url.isPresent() && !needsManaged) {
            ExternalRedis external = ExternalRedis.parse(url.get());
            description = URL_VARIABLE;
            uri = external.uri();
            username = external.username();
            password = external.password();
            SocketFactory sockets = external.tls() ? SSLSocketFactory.getDefault() : SocketFactory.getDefault();
            client = new RespClient(uri.getHost(), uri.getPort(), username, password, sockets)
                    .inDatabase(external.database());
        } else {
            managed = startManaged();
            description = managed.description() + (url.isPresent() ? " (this class needs a Redis of its own)" : "");
            uri = URI.create(
                    (options.tls() == null ? "redis" : "rediss") + "://" + managed.host() + ":" + managed.port());
            password = options.password();
            client = new RespClient(managed.host(), managed.port(), password, options.sockets());
        }
        owner = context.getUniqueId();
        classPrefix = TestKeys.classPrefix();
        LOG.info("Redis for {}: {} at {}, keys under {}", context.getDisplayName(), description, uri, classPrefix);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        testPrefix = classPrefix + tests.incrementAndGet() + ":";
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String prefix = testPrefix;
        testPrefix = null;
        if (prefix != null) {
            deleteKeysUnder(prefix);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            deleteKeysUnder(classPrefix);
        } finally {
            owner = null;
            if (managed != null) {
                managed.close();
                managed = null;
            }
        }
    }

    /**
     * The key prefix of the running test, e.g. {@code portkit-test:k3x9q2:7:3:}, or of the class in {@code
     * BeforeAll} methods: put every key under it. The keys under it are deleted when the test (or the class)
     * ends; each test's prefix starts with its class's.
     */
    public String keyPrefix() {
        requireStarted();
        String prefix = testPrefix;
        return prefix != null ? prefix : classPrefix;
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

    /** The ACL user clients must log in as, if not the default user. */
    public Optional<String> username() {
        requireStarted();
        return Optional.ofNullable(username);
    }

    /** The password clients must send with {@code AUTH}, if Redis requires one. */
    public Optional<String> password() {
        requireStarted();
        return Optional.ofNullable(password);
    }

    /** The CA certificate (PEM) clients must trust, for a TLS Redis the harness started. */
    public Optional<Path> caCertificate() {
        requireStarted();
        return Optional.ofNullable(options.tls()).map(ServerOptions.Tls::caCertificate);
    }

    /** Whether the harness started this Redis (and so may stop, hang or flush it). */
    public boolean isManaged() {
        requireStarted();
        return managed != null;
    }

    /**
     * The service's variables for this Redis, as the README documents them: {@code REDIS_URL} (without
     * credentials), {@code REDIS_USERNAME}/{@code REDIS_PASSWORD} if needed, {@code REDIS_TLS_CA_FILE} for TLS,
     * and {@code REDIS_KEY_PREFIX} set to {@link #keyPrefix()}, so that the service writes only there.
     */
    public Map<String, String> environment() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("REDIS_URL", uri().toString());
        username().ifPresent(user -> variables.put("REDIS_USERNAME", user));
        password().ifPresent(secret -> variables.put("REDIS_PASSWORD", secret));
        caCertificate().ifPresent(ca -> variables.put("REDIS_TLS_CA_FILE", ca.toString()));
        variables.put("REDIS_KEY_PREFIX", keyPrefix());
        return variables;
    }

    /**
     * Stops Redis to simulate an outage: connections are refused until {@link #start()}. Does nothing if it is
     * stopped.
     *
     * @throws IllegalStateException if the harness did not start this Redis (see {@link Builder#managed()})
     */
    public void stop() {
        requireManaged("stop()").stop();
    }

    /**
     * Starts Redis again, on the same host and port and without data, and waits until it answers. Does nothing
     * if it is running.
     *
     * @throws IllegalStateException if the harness did not start this Redis
     */
    public void start() {
        requireManaged("start()").start();
    }

    /**
     * Freezes Redis (SIGSTOP, or {@code docker pause}) to simulate a server that accepts connections but never
     * answers: commands wait for their timeout. Always {@link #resume()} it (in a {@code finally}); {@link
     * #stop()} resumes it too.
     *
     * @throws IllegalStateException if the harness did not start this Redis
     */
    public void hang() {
        requireManaged("hang()").hang();
    }

    /**
     * Lets a {@link #hang() hung} Redis run again, with its data; does nothing if it is not hung.
     *
     * @throws IllegalStateException if the harness did not start this Redis
     */
    public void resume() {
        requireManaged("resume()").resume();
    }

    /**
     * Deletes every key in every database of a Redis the harness started, e.g. to test what a flush does.
     *
     * @throws IllegalStateException on a Redis the harness did not start: it may hold other data
     */
    public void flushAll() {
        requireManaged("flushAll()");
        try {
            client.call("FLUSHALL");
        } catch (IOException e) {
            throw new UncheckedIOException("FLUSHALL failed on " + uri, e);
        }
    }

    /**
     * Deletes the keys whose names start with {@code prefix}, which must start with this class's {@link
     * #keyPrefix()}: never a key the tests did not create.
     *
     * @return how many were deleted
     */
    public long deleteKeysUnder(String prefix) {
        requireStarted();
        if (!prefix.startsWith(classPrefix)) {
            throw new IllegalArgumentException(
                    "refusing to delete keys under " + prefix + ": not under this class's prefix " + classPrefix);
        }
        try {
            return TestKeys.deleteUnder(client, prefix);
        } catch (IOException e) {
            if (managed != null) {
                return 0; // stopped or hung by the test: its data goes with the server anyway
            }
            throw new UncheckedIOException("Cannot delete the test's keys under " + prefix + " on " + uri, e);
        }
    }

    private static Optional<String> externalUrl(ExtensionContext context) {
        return context.getConfigurationParameter(URL_PARAMETER)
                .or(() -> Optional.ofNullable(System.getenv(URL_VARIABLE)))
                .filter(url -> !url.isBlank());
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
                            + " install Redis (apt-get install redis-server, brew install redis)"
                            + (needsManaged
                                    ? ". This class needs a Redis of its own (outages, TLS, ACL or a password),"
                                            + " so " + URL_VARIABLE + " cannot stand in for it."
                                    : ", or set " + URL_VARIABLE + " to a Redis to use, e.g. redis://localhost:6379"
                                            + " (the tests write only under keys of their own there).")));
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
            throw new IllegalStateException(operation + " needs a Redis that the harness starts, but this one comes"
                    + " from " + URL_VARIABLE + " (" + uri + ") and may hold other data. Register the extension"
                    + " with RedisServerExtension.builder().managed().build() to run this test on a Redis of its"
                    + " own.");
        }
        return managed;
    }

    /** Options for a Redis that the harness starts itself, whatever {@value #URL_VARIABLE} says. */
    public static final class Builder {

        private boolean managed;
        private String password;
        private ServerOptions.Tls tls;
        private final List<String> serverArguments = new ArrayList<>();

        private Builder() {}

        /** A Redis of the test's own, which it may stop, hang and flush: for outage tests. */
        public Builder managed() {
            this.managed = true;
            return this;
        }

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
            return new RedisServerExtension(new ServerOptions(password, tls, serverArguments), managed);
        }
    }
}
