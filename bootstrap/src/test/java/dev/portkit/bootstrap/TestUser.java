package dev.portkit.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portkit.application.session.PasswordHasher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.json.JsonMapper;

/** The one user of the service-level tests: its {@code AUTH_USERS} entry and a login over HTTP. */
public final class TestUser {

    public static final String NAME = "editor";
    public static final String PASSWORD = "correct horse";
    /** For {@code AUTH_USERS}; a low iteration count keeps the tests fast. */
    public static final String AUTH_USERS = NAME + ":" + new PasswordHasher(1_000).hash(PASSWORD.toCharArray());

    private TestUser() {}

    /** One login attempt as the test user. */
    public static HttpResponse<String> tryLogIn(HttpClient client, URI base) throws Exception {
        return client.send(
                HttpRequest.newBuilder(base.resolve("/api/sessions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"" + NAME + "\",\"password\":\"" + PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in as the test user and returns the session token. */
    public static String logIn(HttpClient client, URI base) throws Exception {
        HttpResponse<String> response = tryLogIn(client, base);
        assertEquals(201, response.statusCode(), response.body());
        return token(response);
    }

    public static String token(HttpResponse<String> login) {
        return JsonMapper.builder().build().readTree(login.body()).get("token").asString();
    }
}
