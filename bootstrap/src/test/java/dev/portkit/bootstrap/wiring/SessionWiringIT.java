package dev.portkit.bootstrap.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.application.session.PasswordHasher;
import dev.portkit.bootstrap.Api;
import dev.portkit.bootstrap.TestEnvironment;
import dev.portkit.bootstrap.config.AdapterChoice;
import dev.portkit.bootstrap.config.PortkitConfig;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The wired service on Redis: logging in and out, throttling, and no usable token in Redis. */
class SessionWiringIT {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    private final HttpClient http = Api.client();
    private PortkitService service;
    private URI base;

    @BeforeEach
    void start() {
        String hash = new PasswordHasher(1_000).hash("wonderland".toCharArray());
        PortkitConfig config = PortkitConfig.fromEnvironment(TestEnvironment.onRedis(
                redis.environment(RedisExtension.Topology.STANDALONE),
                "SHUTDOWN_TIMEOUT",
                "5s",
                "AUTH_USERS",
                "alice:" + hash));
        assertEquals(AdapterChoice.REDIS, config.adapter());
        service = Components.create(config).service();
        base = URI.create("http://127.0.0.1:" + service.start());
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    @Test
    void aLoginLeavesNoUsableTokenInRedisAndLogoutEndsIt() throws Exception {
        HttpResponse<String> login = logIn("alice", "wonderland");
        assertEquals(201, login.statusCode(), login.body());
        Matcher m = TOKEN.matcher(login.body());
        assertTrue(m.find(), login.body());
        String token = m.group(1);
        String secret = token.substring(token.indexOf('.') + 1);

        List<String> dump = dumpRedis();
        assertTrue(dump.stream().anyMatch(text -> text.contains("session:")), dump.toString());
        for (String text : dump) {
            assertFalse(text.contains(secret), "Redis holds the token: " + text);
        }

        assertEquals(200, send(request("/api/sessions/current", token).GET()).statusCode());
        assertEquals(204, send(request("/api/sessions/current", token).DELETE()).statusCode());
        assertEquals(401, send(request("/api/sessions/current", token).GET()).statusCode());
    }

    @Test
    void rapidBadLoginsAreThrottledThroughRedis() throws Exception {
        int status = 0;
        int attempts = 0;
        while (attempts < 10 && status != 429) {
            status = logIn("alice", "guess-" + attempts).statusCode();
            attempts++;
        }

        assertEquals(429, status);
        assertEquals(6, attempts, "LOGIN_RATE_LIMIT defaults to 5/1m");
        assertTrue(dumpRedis().stream().anyMatch(text -> text.contains("ratelimit:login-user:")));
    }

    private HttpResponse<String> logIn(String username, String password) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve("/api/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")));
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every key of this test with its whole content, as text. */
    private static List<String> dumpRedis() {
        RedisClusterCommands<String, String> commands = redis.connector().strings();
        List<String> dump = new ArrayList<>();
        {
            ScanIterator.scan(commands, ScanArgs.Builder.matches(redis.keyPrefix() + "*"))
                    .forEachRemaining(key -> {
                        dump.add(key);
                        dump.add(
                                switch (commands.type(key)) {
                                    case "hash" -> commands.hgetall(key).toString();
                                    case "zset" ->
                                        commands.zrangeWithScores(key, 0, -1).toString();
                                    case "string" -> commands.get(key);
                                    default -> commands.type(key);
                                });
                    });
        }
        return dump;
    }
}
