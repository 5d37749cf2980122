package dev.portkit.bootstrap.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;

    ContentApiClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Creates an item and returns its path. */
    String create(String type, String data) throws Exception {
        HttpResponse<String> response = send(request("/api/content/" + type)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"data\":" + data + "}")));
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
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), BodyHandlers.ofString());
    }
}
