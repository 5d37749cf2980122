package dev.portkit.bootstrap.inventory;

import dev.portkit.adapters.http.HttpServer;
import dev.portkit.adapters.http.HttpSettings;
import dev.portkit.adapters.http.inventory.InventoryRoutes;
import dev.portkit.application.inventory.GetStock;
import dev.portkit.application.inventory.InventorySettings;
import dev.portkit.application.inventory.ReserveStock;
import dev.portkit.application.inventory.SetStock;
import dev.portkit.bootstrap.Api;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.lock.LockService;
import dev.portkit.domain.lock.LockTemplate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One instance of the service as far as inventory goes (a pod): its own lock adapter, use cases and
 * HTTP server on a free port, on whatever stock store it is given; and a client for its endpoints.
 */
final class InventoryInstance implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final LockTemplate template;
    private final HttpServer server;
    private final HttpClient client = Api.checked(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    private final String base;

    InventoryInstance(LockService locks, StockStore store, InventorySettings settings) {
        this.template = new LockTemplate(locks);
        InventoryRoutes routes = new InventoryRoutes(
                new GetStock(store),
                new SetStock(template, store, settings),
                new ReserveStock(template, store, settings));
        this.server = new HttpServer(
                new HttpSettings("127.0.0.1", 0, 65_536, false, Duration.ofSeconds(1)),
                List.of(routes),
                JSON,
                new SimpleMeterRegistry());
        this.base = "http://127.0.0.1:" + server.start() + "/api/inventory/";
    }

    HttpResponse<String> get(String sku) {
        return send(HttpRequest.newBuilder(URI.create(base + sku)).GET());
    }

    HttpResponse<String> putStock(String sku, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + sku)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> reserve(String sku, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + sku + "/reservations"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(
                    request.header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.close();
        template.close();
    }
}
