package dev.portkit.bootstrap.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portkit.bootstrap.Api;
import dev.portkit.bootstrap.TestUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client of the content API for end-to-end tests of a started service. */
final class ContentApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = Api.client();
    private final URI base;
    private String token;

    ContentApiClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Logs in as the test user; later requests carry the session token. */
    void logIn() throws Exception {
        HttpResponse<String> response = tryLogIn();
        assertEquals(201, response.statusCode(), response.body());
    }

    /** One login attempt; on success later requests carry the new session token. */
    HttpResponse<String> tryLogIn() throws Exception {
        HttpResponse<String> response = TestUser.tryLogIn(client, base);
        if (response.statusCode() == 201) {
            token = TestUser.token(response);
        }
        return response;
    }

    /** Logs out; later requests carry the old, now invalid, token. */
    void logOut() throws Exception {
        assertEquals(204, send(request("/api/sessions/current").DELETE()).statusCode());
    }

    HttpResponse<String> post(String type, String data) throws Exception {
        return send(request("/api/content/" + type)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"data\":" + data + "}")));
    }

    /** Creates an item and returns its path. */
    String create(String type, String data) throws Exception {
        HttpResponse<String> response = post(type, data);
        assertEquals(201, response.statusCode(), response.body());
        return response.headers().firstValue("Location").orElseThrow();
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path));
    }

    HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        return send(request(path).header("If-None-Match", ifNoneMatch));
    }

    HttpResponse<String> put(String path, String data) throws Exception {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"data\":" + data + "}")));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static long version(HttpResponse<String> response) {
        return json(response).get("version").asLong();
    }

    static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), BodyHandlers.ofString());
    }
}
