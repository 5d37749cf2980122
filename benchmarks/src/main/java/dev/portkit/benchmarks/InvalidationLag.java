package dev.portkit.benchmarks;

import dev.portkit.adapters.postgres.PostgresSettings;
import dev.portkit.adapters.postgres.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a committed write stays unseen anywhere: from the moment the write answered its client to the
 * moment every instance serves the new version. It runs the real service, as an operator would: an embedded
 * PostgreSQL (durable settings), a {@code redis-server}, and three processes of the service jar on them.
 *
 * <ul>
 *   <li>{@code A} and {@code B} use Redis, with their near caches (the defaults). Both read every sample's
 *       item before the write, so that Redis and both near caches hold the old version.
 *   <li>{@code feed}: the write goes through {@code W}, which has no Redis at all ({@code
 *       CACHE_ADAPTER=memory}): to Redis and to A and B it is a writer that died right after its commit.
 *       Only the database's change feed can tell them.
 *   <li>{@code peer}: the write goes through {@code A}, which evicts Redis and publishes its invalidation;
 *       the feed is the second path.
 * </ul>
 *
 * <p>After each write one thread per reader instance {@code GET}s the item back to back until it gets the new
 * version; the lag of the sample is when the last of them got it, after the write answered. Samples start at
 * random moments, so that they fall anywhere in the relay's interval. Prints p50, p99 and max per mode.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.portkit.benchmarks.InvalidationLag
 * PORTKIT_JAR [SAMPLES] [EXTRA_ENV...]} ({@code NAME=value} pairs for every service, e.g. {@code
 * DATABASE_FEED_INTERVAL=50ms}); {@code scripts/invalidation-lag} runs it. Needs {@code redis-server} on the
 * {@code PATH}; stops everything it started.
 */
public final class InvalidationLag {

    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final String USER = "lag";
    private static final String PASSWORD = "lag-password-" + System.nanoTime();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private final Path work;

    private InvalidationLag(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: InvalidationLag PORTKIT_JAR [SAMPLES] [NAME=value...]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Map<String, String> extra = new HashMap<>();
        Arrays.stream(args).skip(2).forEach(pair -> {
            int equals = pair.indexOf('=');
            extra.put(pair.substring(0, equals), pair.substring(equals + 1));
        });
        Path work = Files.createTempDirectory("portkit-invalidation-lag");
        InvalidationLag lag = new InvalidationLag(work);
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"))) {
            lag.run(jar, postgres.settings(), samples, extra);
        } finally {
            lag.stopAll();
            deleteRecursively(work);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void run(Path jar, PostgresSettings database, int samples, Map<String, String> extra) throws Exception {
        int redisPort = freePort();
        start(List.of(
                "redis-server",
                "--port",
                Integer.toString(redisPort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                work.toString()));
        awaitPort(redisPort);
        String hash = hashPassword(jar);
        Map<String, String> common = new HashMap<>(extra);
        common.put("HTTP_HOST", "127.0.0.1");
        common.put("SESSION_COOKIE_SECURE", "false");
        common.put("AUTH_USERS", USER + ":" + hash);
        common.put(
                "DATABASE_URL",
                "postgresql://" + database.user() + "@127.0.0.1:" + database.port() + "/" + database.database());
        database.password().ifPresent(password -> common.put("DATABASE_PASSWORD", password));
        Map<String, String> withRedis = new HashMap<>(common);
        withRedis.put("REDIS_URL", "redis://127.0.0.1:" + redisPort);
        Map<String, String> withoutRedis = new HashMap<>(common);
        withoutRedis.put("CACHE_ADAPTER", "memory");
        URI a = service(jar, withRedis);
        URI b = service(jar, withRedis);
        URI w = service(jar, withoutRedis);
        String tokenA = logIn(a);
        String tokenW = logIn(w);

        System.out.printf(
                "== %d samples per mode; %d cores; load %s; %s%n",
                samples,
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip(),
                extra.isEmpty() ? "defaults" : extra);
        measure("feed (writer without Redis: a writer that died after its commit)", w, tokenW, a, b, samples);
        measure("peer (writer on A, which evicts Redis and publishes)", a, tokenA, a, b, samples);
    }

    private void measure(String mode, URI writer, String token, URI a, URI b, int samples) throws Exception {
        Random random = new Random(42);
        String item = create(writer, token);
        long[] lags = new long[samples];
        for (int i = 0; i < samples; i++) {
            int version = version(get(a, item));
            version(get(b, item));
            version(get(a, item)); // now in Redis and in both near caches
            version(get(b, item));
            Thread.sleep(random.nextInt(150)); // land anywhere in the relay's interval
            int next = version(send(writer, "PUT", item, token, "{\"data\":{\"n\":" + (version + 1) + "}}"));
            long written = System.nanoTime();
            CompletableFuture<Long> onA = CompletableFuture.supplyAsync(() -> awaitVersion(a, item, next));
            CompletableFuture<Long> onB = CompletableFuture.supplyAsync(() -> awaitVersion(b, item, next));
            lags[i] = Math.max(onA.get(1, TimeUnit.MINUTES), onB.get(1, TimeUnit.MINUTES)) - written;
        }
        Arrays.sort(lags);
        System.out.printf(
                "%-70s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n",
                mode,
                lags[samples / 2] / 1e6,
                lags[Math.min(samples - 1, (int) Math.ceil(samples * 0.99) - 1)] / 1e6,
                lags[samples - 1] / 1e6);
    }

    /** Reads until the version (or a later one) is served; returns when that read had answered. */
    private long awaitVersion(URI instance, String item, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (version(get(instance, item)) >= expected) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(instance + " still serves a version before " + expected + " after 30 s");
    }

    private String create(URI writer, String token) throws Exception {
        HttpResponse<String> created = send(writer, "POST", "/api/content/event", token, "{\"data\":{\"n\":1}}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("create: " + created.statusCode() + " " + created.body());
        }
        return created.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> get(URI instance, String path) throws IOException, InterruptedException {
        return send(instance, "GET", path, null, null);
    }

    private static int version(HttpResponse<String> response) {
        Matcher matcher = VERSION.matcher(response.body());
        if (response.statusCode() != 200 || !matcher.find()) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return Integer.parseInt(matcher.group(1));
    }

    private String logIn(URI instance) throws Exception {
        HttpResponse<String> login = send(
                instance,
                "POST",
                "/api/sessions",
                null,
                "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}");
        Matcher matcher = TOKEN.matcher(login.body());
        if (login.statusCode() != 201 || !matcher.find()) {
            throw new IllegalStateException("login: " + login.statusCode() + " " + login.body());
        }
        return matcher.group(1);
    }

    private HttpResponse<String> send(URI instance, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(instance.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts the service jar with this environment and waits until it is live. */
    private URI service(Path jar, Map<String, String> environment) throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>(environment);
        env.put("PORT", Integer.toString(port));
        Path log = work.resolve("process-" + processes.size() + ".log");
        Process process = start(List.of(java(), "-jar", jar.toString()), env);
        URI base = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (get(base, "/health/ready").statusCode() == 200) {
                    return base;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the service did not start: " + Files.readString(log));
    }

    private String hashPassword(Path jar) throws Exception {
        Process process = new ProcessBuilder(java(), "-jar", jar.toString(), "hash-password")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(PASSWORD.getBytes(StandardCharsets.UTF_8));
        }
        String hash = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("hash-password failed");
        }
        return hash;
    }

    private Process start(List<String> command) throws IOException {
        return start(command, Map.of());
    }

    private Process start(List<String> command, Map<String, String> environment) throws IOException {
        Path log = work.resolve("process-" + processes.size() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private void stopAll() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
