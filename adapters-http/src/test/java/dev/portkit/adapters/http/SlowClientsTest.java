package dev.portkit.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.application.health.CheckHealth;
import dev.portkit.testsupport.openapi.OpenApiContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clients that send their bodies slowly hold connections, never the threads that answer everyone
 * else. Before bodies were read ahead of the handlers, 260 such uploads held all of Jetty's 250
 * threads and {@code /health/live} stopped answering.
 */
class SlowClientsTest {

    private static final OpenApiContract API = OpenApiContract.fromClasspath("openapi.yaml");
    private static final int SLOW_UPLOADS = 300;

    private final List<Socket> sockets = new ArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
    }

    @Test
    void healthAnswersWhileHundredsOfUploadsTrickleInAndEachUploadEndsWith408() throws Exception {
        Duration bodyTimeout = Duration.ofSeconds(3);
        server = new HttpServer(
                new HttpSettings("127.0.0.1", 0, 65_536, false, Duration.ofSeconds(1)).withBodyTimeout(bodyTimeout),
                List.of(
                        new HealthRoutes(
                                new CheckHealth(
                                        List.of(), new CaffeineCache(CaffeineCacheSettings.ofEntries(10)), List.of()),
                                new Readiness()),
                        slowHandler()),
                JsonMapper.builder().build(),
                new SimpleMeterRegistry());
        int port = server.start();
        for (int i = 0; i < SLOW_UPLOADS; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.getOutputStream()
                    .write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 1000\r\n\r\n{")
                            .getBytes(StandardCharsets.ISO_8859_1));
            sockets.add(socket);
        }

        HttpClient client = API.client();
        for (int probe = 0; probe < 5; probe++) {
            HttpResponse<String> live = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode());
        }

        for (Socket socket : sockets) {
            socket.setSoTimeout((int) bodyTimeout.multipliedBy(10).toMillis());
            String status = statusLine(socket.getInputStream());
            assertEquals("HTTP/1.1 408 Request Timeout", status);
        }
    }

    /** A route that would read the body; it is never reached by an upload that does not finish. */
    private static HttpRoutes slowHandler() {
        return new HttpRoutes() {
            @Override
            public void addTo(io.javalin.config.RoutesConfig routes) {
                routes.post("/upload", ctx -> ctx.result(ctx.body()));
            }
        };
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
            line.append((char) b);
        }
        assertTrue(line.length() > 0, "the server answered");
        return line.toString();
    }
}
