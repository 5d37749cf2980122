package dev.portkit.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import dev.portkit.testsupport.openapi.OpenApiContract;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

class HttpServerTest {

    private static final OpenApiContract API = OpenApiContract.fromClasspath("openapi.yaml", "http-server-test.yaml");

    private static final Logger log = LoggerFactory.getLogger(HttpServerTest.class);

    private final HttpClient client = API.client();
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final CountDownLatch slowRelease = new CountDownLatch(1);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private HttpServer server;
    private URI base;

    @BeforeEach
    void start() {
        HttpRoutes testRoutes = routes -> {
            routes.get("/fails", ctx -> {
                throw new IllegalStateException("secret internals");
            });
            routes.get("/refuses", ctx -> {
                throw new ApiException(HttpStatus.CONFLICT, "version_conflict", "Try again.");
            });
            routes.get("/database-down", ctx -> {
                throw new SourceOfTruthUnavailableException(
                        "PostgreSQL is unavailable: Connection to db.internal:5432 refused", null);
            });
            routes.post("/echo", ctx -> ctx.result(ctx.body()));
            routes.get("/items/{id}", ctx -> {
                log.info("reading item {}", ctx.pathParam("id"));
                ctx.result("item");
            });
            routes.get("/slow", ctx -> {
                slowStarted.countDown();
                slowRelease.await(10, TimeUnit.SECONDS);
                ctx.result("done");
            });
        };
        server = new HttpServer(
                new HttpSettings("127.0.0.1", 0, 1024, false, Duration.ofSeconds(5)),
                List.of(testRoutes),
                JsonMapper.builder().build(),
                registry);
        base = URI.create("http://127.0.0.1:" + server.start());
    }

    @AfterEach
    void stop() {
        slowRelease.countDown();
        server.close();
    }

    @Test
    void unknownRouteIsJson404() throws Exception {
        HttpResponse<String> response = get("/nowhere");

        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":\"not_found\",\"message\":\"No such resource.\"}", response.body());
    }

    @Test
    void unsupportedMethodIsJson405() throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(base.resolve("/refuses")).DELETE().build());

        assertEquals(405, response.statusCode());
        assertTrue(response.body().contains("\"error\":\"method_not_allowed\""), response.body());
    }

    @Test
    void apiExceptionBecomesItsStatusAndBody() throws Exception {
        HttpResponse<String> response = get("/refuses");

        assertEquals(409, response.statusCode());
        assertEquals("{\"error\":\"version_conflict\",\"message\":\"Try again.\"}", response.body());
    }

    @Test
    void unexpectedFailureIsGeneric500WithoutDetailsAndLoggedWithItsCause() throws Exception {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        ch.qos.logback.classic.Logger serverLog =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(HttpServer.class);
        serverLog.addAppender(lines);
        serverLog.setAdditive(false); // the expected ERROR stays out of the test output
        try {
            HttpResponse<String> response = get("/fails");

            assertEquals(500, response.statusCode());
            assertTrue(response.body().contains("\"error\":\"internal_error\""), response.body());
            assertFalse(response.body().contains("secret internals"), response.body());
            assertFalse(response.body().contains("Exception"), response.body());
            assertEquals(1, lines.list.size());
            assertEquals(
                    "secret internals", lines.list.get(0).getThrowableProxy().getMessage());
        } finally {
            serverLog.setAdditive(true);
            serverLog.detachAppender(lines);
        }
    }

    @Test
    void anUnreachableDatabaseIs503WithRetryAfterAndNoDetails() throws Exception {
        HttpResponse<String> response = get("/database-down");

        assertEquals(503, response.statusCode());
        assertEquals("5", response.headers().firstValue("Retry-After").orElse(""));
        assertEquals(
                "{\"error\":\"database_unavailable\",\"message\":\"The database is unavailable; retry later.\"}",
                response.body());
    }

    @Test
    void bodyOverTheLimitIsJson413() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048)))
                .build());

        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("\"error\":\"payload_too_large\""), response.body());
    }

    @Test
    void bodyWithinTheLimitIsAccepted() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1000)))
                .build());

        assertEquals(200, response.statusCode());
        assertEquals(1000, response.body().length());
    }

    @Test
    void closeLetsInFlightRequestsFinishAndRefusesNewOnes() throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(base.resolve("/slow")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(slowStarted.await(5, TimeUnit.SECONDS), "slow request reached the handler");

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        slowRelease.countDown();
        closing.get(10, TimeUnit.SECONDS);

        HttpResponse<String> response = inFlight.get(5, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals("done", response.body());
        IOException refused = assertThrows(
                IOException.class,
                () -> API.client()
                        .send(
                                HttpRequest.newBuilder(base.resolve("/refuses")).build(),
                                HttpResponse.BodyHandlers.ofString()));
        assertTrue(
                refused instanceof ConnectException || refused.getCause() instanceof ConnectException,
                refused.toString());
    }

    @Test
    void requestIdIsReturnedAndInTheLogContextOfTheRequestsLines() throws Exception {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) log;
        logger.addAppender(lines);
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/items/7"))
                    .header("X-Request-Id", "checkout-42")
                    .build());

            assertEquals(
                    "checkout-42", response.headers().firstValue("X-Request-Id").orElseThrow());
            assertEquals(1, lines.list.size());
            assertEquals("checkout-42", lines.list.get(0).getMDCPropertyMap().get("requestId"));
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void unsafeRequestIdIsReplacedByAGeneratedOne() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/items/7"))
                .header("X-Request-Id", "x".repeat(65))
                .build());
        HttpResponse<String> another = get("/items/7");

        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertFalse(id.equals(another.headers().firstValue("X-Request-Id").orElseThrow()));
    }

    @Test
    void requestsAreTimedByRouteTemplateMethodAndStatus() throws Exception {
        get("/items/1");
        get("/items/2");
        get("/nowhere");

        assertEquals(
                2,
                registry.get("http.server.requests")
                        .tags("method", "GET", "route", "/items/{id}", "status", "200")
                        .timer()
                        .count());
        assertEquals(
                1,
                registry.get("http.server.requests")
                        .tags("route", "UNMATCHED", "status", "404")
                        .timer()
                        .count());
    }

    /** {@code ~} stands for CRLF; {@code HUGE} and {@code BIG} for 10 000 characters. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "GET /items/%00 HTTP/1.1                                    | 400 | bad_request",
                "GET /items/%zz HTTP/1.1                                    | 400 | bad_request",
                "GET /items/1 HTTP/2.5                                      | 400 | http_version_not_supported",
                "GET /HUGE HTTP/1.1                                         | 414 | uri_too_long",
                "PUT /items/1 HTTP/1.1~X-Big: BIG                           | 431 | headers_too_large",
                "POST /echo HTTP/1.1~Content-Length: 1~Content-Length: 2    | 400 | bad_request",
                "POST /echo HTTP/1.1~Transfer-Encoding: chunked~Content-Length: 2 | 400 | bad_request",
            })
    void whatJettyRejectsBeforeRoutingIsTheSameJson(String head, int status, String code) throws Exception {
        String request = head.replace("~", "\r\n")
                        .replace("/HUGE", "/" + "a".repeat(10_000))
                        .replace("BIG", "b".repeat(10_000))
                + "\r\nHost: x\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
            assertTrue(response.contains("\r\nContent-Type: application/json"), response);
            assertTrue(response.matches("(?s).*\r\nX-Request-Id: [0-9a-f]{32}\r\n.*"), response);
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertTrue(body.startsWith("{\"error\":\"" + code + "\",\"message\":\""), body);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
