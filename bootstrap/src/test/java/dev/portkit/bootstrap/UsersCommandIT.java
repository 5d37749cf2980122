package dev.portkit.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.application.session.PasswordHasher;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.Components;
import dev.portkit.bootstrap.wiring.PortkitService;
import dev.portkit.testsupport.PostgresServerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code users add|remove|list} on a real database, and logging in as the users it adds. */
class UsersCommandIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    /** Fast hashes: the command's cost is not what is tested. */
    private static final PasswordHasher HASHER = new PasswordHasher(1_000);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void addedUsersAreListedCanLogInAndRemovedUsersCannot() throws Exception {
        assertEquals(0, users("wonderland\n", "add", "alice"), err.toString());
        assertEquals("added alice", lastLine(out));
        assertEquals(0, users("builder\n", "add", "bob"), err.toString());
        assertEquals(0, users("", "list"));
        assertEquals(List.of("added alice", "added bob", "alice", "bob"), lines(out));
        assertFalse(out.toString().contains("wonderland") || err.toString().contains("wonderland"));

        PortkitService service = Components.create(PortkitConfig.fromEnvironment(environment(
                        Map.of("HTTP_HOST", "127.0.0.1", "PORT", Integer.toString(PortkitProcess.freePort())))))
                .service();
        try {
            URI base = URI.create("http://127.0.0.1:" + service.start());
            assertEquals(201, logIn(base, "alice", "wonderland"));
            assertEquals(401, logIn(base, "alice", "builder"));

            assertEquals(0, users("looking-glass\n", "add", "alice"));
            assertEquals("changed the password of alice and ended 1 session", lastLine(out));
            assertEquals(201, logIn(base, "alice", "looking-glass"));
            assertEquals(401, logIn(base, "alice", "wonderland"));

            assertEquals(0, users("", "remove", "alice"));
            assertEquals(401, logIn(base, "alice", "looking-glass"));
            assertEquals(201, logIn(base, "bob", "builder"));
        } finally {
            service.stop();
        }
        assertEquals(1, users("", "remove", "alice"));
        assertTrue(err.toString().contains("no user alice"), err.toString());
    }

    /**
     * Removing a user, or changing a password that may have leaked, ends the user's sessions: a session is
     * no longer valid once the operator's command has returned (the cache re-checks the database after
     * {@code SESSION_TOUCH_INTERVAL}, 1ms here).
     */
    @Test
    void removingAUserOrChangingItsPasswordEndsItsSessions() throws Exception {
        assertEquals(0, users("wonderland\n", "add", "carol"), err.toString());
        assertEquals(0, users("builder\n", "add", "dave"), err.toString());
        PortkitService service = Components.create(PortkitConfig.fromEnvironment(environment(Map.of(
                        "HTTP_HOST",
                        "127.0.0.1",
                        "PORT",
                        Integer.toString(PortkitProcess.freePort()),
                        "SESSION_TOUCH_INTERVAL",
                        "1ms"))))
                .service();
        try {
            URI base = URI.create("http://127.0.0.1:" + service.start());
            String carol = token(base, "carol", "wonderland");
            String dave = token(base, "dave", "builder");
            assertEquals(200, current(base, carol));

            assertEquals(0, users("looking-glass\n", "add", "carol"), err.toString());
            assertEquals(401, current(base, carol), "the old password's session ended");
            assertEquals(200, current(base, dave), "nobody else's");

            String again = token(base, "carol", "looking-glass");
            assertEquals(0, users("", "remove", "carol"), err.toString());
            assertEquals(401, current(base, again), "a removed user has no session left");
            assertEquals(200, current(base, dave));
        } finally {
            service.stop();
        }
    }

    @Test
    void badUsageAndBadInputExit2WithoutTouchingTheDatabase() {
        assertEquals(2, users("", "add"));
        assertEquals(2, users("", "rename", "alice"));
        assertEquals(2, users("pw\n", "add", "not a name"));
        assertEquals(2, users("\n", "add", "carol"));
        assertEquals(2, users("x".repeat(PasswordHasher.MAX_PASSWORD_LENGTH + 1) + "\n", "add", "carol"));
        assertEquals(2, run(Map.of("STORE", "memory"), "", "list"));
        assertTrue(err.toString().contains("STORE=memory"), err.toString());
    }

    private int users(String stdin, String... args) {
        return run(Map.of(), stdin, args);
    }

    private int run(Map<String, String> more, String stdin, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "users";
        System.arraycopy(args, 0, command, 1, args.length);
        Map<String, String> env = more.containsKey("STORE") ? more : environment(more);
        return UsersCommand.run(
                command,
                env,
                null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                HASHER);
    }

    private static Map<String, String> environment(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("DATABASE_URL", postgres.url());
        postgres.password().ifPresent(password -> env.put("DATABASE_PASSWORD", password));
        return env;
    }

    private static int logIn(URI base, String username, String password) throws Exception {
        return Api.client()
                .send(
                        HttpRequest.newBuilder(base.resolve("/api/sessions"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String token(URI base, String username, String password) throws Exception {
        HttpResponse<String> response = Api.client()
                .send(
                        HttpRequest.newBuilder(base.resolve("/api/sessions"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return response.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    private static int current(URI base, String token) throws Exception {
        return Api.client()
                .send(
                        HttpRequest.newBuilder(base.resolve("/api/sessions/current"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static List<String> lines(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static String lastLine(ByteArrayOutputStream stream) {
        List<String> lines = lines(stream);
        return lines.get(lines.size() - 1);
    }
}
