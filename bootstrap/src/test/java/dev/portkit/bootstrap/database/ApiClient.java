package dev.portkit.bootstrap.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portkit.bootstrap.Api;
import dev.portkit.bootstrap.TestUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client of one running instance of the service: content, inventory, sessions and health over HTTP. */
final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = Api.checked(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    private final int port;
    private final URI base;
    private String token;

    ApiClient(int port) {
        this.port = port;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** Logs in as {@link TestUser}; later requests carry the session token, which is returned. */
    String logIn() {
        HttpResponse<String> response = tryLogIn(TestUser.NAME, TestUser.PASSWORD);
        assertEquals(201, response.statusCode(), response.body());
        token = TestUser.token(response);
        return token;
    }

    /** One login attempt; the client's session stays as it was. */
    HttpResponse<String> tryLogIn(String username, String password) {
        return send(HttpRequest.newBuilder(base.resolve("/api/sessions"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")));
    }

    /** Later requests carry this session token (e.g. one issued by another instance). */
    ApiClient withToken(String sessionToken) {
        this.token = sessionToken;
        return this;
    }

    HttpResponse<String> currentSession() {
        return send(request("/api/sessions/current"));
    }

    HttpResponse<String> logOut() {
        return send(request("/api/sessions/current").DELETE());
    }

    HttpResponse<String> createContent(String type, String data) {
        return send(request("/api/content/" + type)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"data\":" + data + "}")));
    }

    /** Creates an item and returns its path, e.g. {@code /api/content/event/<id>}. */
    String create(String type, String data) {
        HttpResponse<String> response = createContent(type, data);
        assertEquals(201, response.statusCode(), response.body());
        return response.headers().firstValue("Location").orElseThrow();
    }

    HttpResponse<String> get(String path) {
        return send(request(path));
    }

    HttpResponse<String> putContent(String path, String data) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"data\":" + data + "}")));
    }

    HttpResponse<String> setStock(String sku, int stock) {
        return send(request("/api/inventory/" + sku)
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"stock\":" + stock + "}")));
    }

    HttpResponse<String> reserve(String sku, int quantity) {
        return send(request("/api/inventory/" + sku + "/reservations")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"quantity\":" + quantity + "}")));
    }

    HttpResponse<String> health() {
        return send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(30)));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
