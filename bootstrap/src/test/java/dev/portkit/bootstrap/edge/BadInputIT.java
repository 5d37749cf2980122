package dev.portkit.bootstrap.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.bootstrap.Api;
import dev.portkit.bootstrap.TestUser;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.Components;
import dev.portkit.bootstrap.wiring.PortkitService;
import dev.portkit.testsupport.PostgresServerExtension;
import dev.portkit.testsupport.openapi.Exchange;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad input of every kind against the service as {@code Main} wires it (PostgreSQL, in-memory cache): JSON
 * edge cases, headers, query strings, methods, sessions, inventory, and framing over raw sockets.
 * Cases are generated from seeded random choices over a few interesting atoms rather than listed by
 * hand; a failing case's name holds what it sent.
 *
 * <p>Every answer must be a 2xx/3xx the OpenAPI document describes or a 4xx JSON {@code
 * {"error","message"}} whose message names no class; never a 5xx. Requests that fail store nothing,
 * and afterwards the service is healthy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

    /** The default store, PostgreSQL, in a throwaway database: bad input must not reach it either. */
    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private static final long SEED = Long.getLong("badinput.seed", 20261129L);
    private static final int RANDOM_CASES = Integer.getInteger("badinput.cases", 60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What an error message must never show: a class, a package, a stack frame, a parser's limits. */
    private static final Pattern INTERNALS =
            Pattern.compile("Exception|[a-z]+\\.[a-z]+\\.[A-Za-z]|StreamReadConstraints|tools\\.jackson|\\tat |`");

    private static final String[] JSON_ATOMS = {
        "\"\\ud800\"",
        "\"\\udfff\"",
        "\"a\\ud800b\"",
        "\"\\ud800\\ud800\"",
        "\"\\udc00\\ud800\"",
        "1e999999999999",
        "-1e-999999999999",
        "1e2147483648",
        "1E+10000",
        "1e-10000",
        "9".repeat(1001),
        "0." + "1".repeat(1200),
        "-",
        "01",
        "1.",
        ".5",
        "NaN",
        "Infinity",
        "-0",
        "1e",
        "0x10",
        "\"\\u0000\"",
        "\"\\x41\"",
        "\"\\uZZZZ\"",
        "[".repeat(1100),
        "{\"a\":".repeat(1100) + "1" + "}".repeat(1100),
        "tru",
        "nul",
        "\"unterminated",
        "[1,]",
        "{\"a\":1,}",
        "'q'",
        "{a:1}",
        "/*c*/1",
        "\"" + "x".repeat(70_000) + "\"",
        "{\"\\ud800\":1}",
        "{\"a\":1,\"a\":2}",
        "\"\t\"",
        "123456789012345678901234567890",
        "1.10",
        "-1",
        "2147483648",
        "2147483647",
        "0",
        "1.5",
        "true",
        "null",
        "[]",
        "{}",
        "\"5\""
    };

    private static PortkitService service;
    private static int port;
    private static URI base;
    private static HttpClient client;
    private static String token;
    private static String victim;
    private static String victimTag;
    private static final AtomicInteger created = new AtomicInteger();

    @BeforeAll
    static void startService() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PortkitConfig config = PortkitConfig.fromEnvironment(Map.of(
                "CACHE_ADAPTER", "memory",
                "DATABASE_URL", postgres.url(),
                "HTTP_HOST", "127.0.0.1",
                "PORT", Integer.toString(port),
                "SHUTDOWN_TIMEOUT", "2s",
                "HTTP_BODY_TIMEOUT", "1s",
                "CONTENT_TYPES", "event,fuzz",
                "AUTH_USERS", TestUser.AUTH_USERS,
                "LOGIN_RATE_LIMIT", "100000/1m",
                "LOGIN_ADDRESS_RATE_LIMIT", "100000/1m"));
        service = Components.create(config).service();
        service.start();
        base = URI.create("http://127.0.0.1:" + port);
        client = Api.checked(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        token = TestUser.logIn(client, base);
        HttpResponse<String> item = send(json("POST", "/api/content/event", "{\"data\":{\"n\":1}}", true));
        assertEquals(201, item.statusCode(), item.body());
        victim = item.headers().firstValue("Location").orElseThrow();
        victimTag = item.headers().firstValue("ETag").orElseThrow();
        assertEquals(
                200,
                send(json("PUT", "/api/inventory/FUZZ-1", "{\"stock\":5}", true))
                        .statusCode());
        assertEquals(
                200,
                send(json("PUT", "/api/inventory/FUZZ-0", "{\"stock\":0}", true))
                        .statusCode());
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.stop();
        }
    }

    // --- JSON bodies ---------------------------------------------------------------------------

    @TestFactory
    @Order(1)
    Stream<DynamicTest> jsonBodiesOfContentWrites() {
        return bodies().map(body -> DynamicTest.dynamicTest("POST fuzz " + shorten(body), () -> {
            HttpResponse<String> response = send(json("POST", "/api/content/fuzz", body, true));
            assertSafe(response.statusCode(), response.headers().map(), response.body());
            if (response.statusCode() == 201) {
                created.incrementAndGet();
            }
            assertEquals(created.get(), listed("fuzz"), "a failed create stored nothing; the list still answers");
        }));
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> jsonBodiesOfContentUpdates() {
        return bodies().map(body -> DynamicTest.dynamicTest("PUT item " + shorten(body), () -> {
            HttpResponse<String> response = send(json("PUT", victim, body, true).header("If-Match", victimTag));
            assertSafe(response.statusCode(), response.headers().map(), response.body());
            if (response.statusCode() == 200) {
                victimTag = response.headers().firstValue("ETag").orElseThrow(); // a valid body: the next version
            }
            HttpResponse<String> read = send(request("GET", victim));
            assertEquals(200, read.statusCode(), read.body());
            assertEquals(victimTag, read.headers().firstValue("ETag").orElseThrow(), "a failed update changed nothing");
        }));
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> jsonBodiesOfLoginsStockAndReservations() {
        return bodies().flatMap(value -> Stream.of(
                DynamicTest.dynamicTest(
                        "login password " + shorten(value),
                        () -> check(json(
                                "POST",
                                "/api/sessions",
                                "{\"username\":\"editor\",\"password\":" + value + "}",
                                false))),
                DynamicTest.dynamicTest(
                        "login username " + shorten(value),
                        () -> check(json(
                                "POST", "/api/sessions", "{\"username\":" + value + ",\"password\":\"x\"}", false))),
                DynamicTest.dynamicTest("stock " + shorten(value), () -> {
                    String before =
                            send(request("GET", "/api/inventory/FUZZ-2")).body();
                    HttpResponse<String> response =
                            check(json("PUT", "/api/inventory/FUZZ-2", "{\"stock\":" + value + "}", true));
                    if (response.statusCode() != 200) {
                        assertEquals(
                                before,
                                send(request("GET", "/api/inventory/FUZZ-2")).body(),
                                "nothing set");
                    }
                }),
                DynamicTest.dynamicTest("reservation " + shorten(value), () -> {
                    HttpResponse<String> response = check(
                            json("POST", "/api/inventory/FUZZ-0/reservations", "{\"quantity\":" + value + "}", false));
                    assertNotEquals(201, response.statusCode(), "FUZZ-0 has no stock: " + response.body());
                })));
    }

    /** The atoms as they are, inside an object, and randomly mutated documents. */
    private static Stream<String> bodies() {
        Random random = new Random(SEED);
        Stream<String> atoms =
                Stream.of(JSON_ATOMS).flatMap(atom -> Stream.of(atom, "{\"data\":{\"v\":" + atom + "}}"));
        Stream<String> mutated =
                IntStream.range(0, RANDOM_CASES).mapToObj(i -> mutate(random, randomDocument(random, 3)));
        return Stream.concat(atoms, mutated);
    }

    private static String randomDocument(Random random, int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            return JSON_ATOMS[random.nextInt(JSON_ATOMS.length)];
        }
        StringBuilder out = new StringBuilder(random.nextBoolean() ? "{\"data\":{" : "{");
        int fields = random.nextInt(4);
        for (int i = 0; i < fields; i++) {
            out.append(i > 0 ? "," : "")
                    .append("\"k")
                    .append(i)
                    .append("\":")
                    .append(randomDocument(random, depth - 1));
        }
        return out.append(out.charAt(0) == '{' && out.indexOf("{\"data\":{") == 0 ? "}}" : "}")
                .toString();
    }

    /** Truncates, duplicates or corrupts a byte, or leaves the document alone. */
    private static String mutate(Random random, String document) {
        if (document.isEmpty()) {
            return document;
        }
        int at = random.nextInt(document.length());
        return switch (random.nextInt(5)) {
            case 0 -> document.substring(0, at);
            case 1 -> document.substring(0, at) + document.charAt(at) + document.substring(at);
            case 2 -> document.substring(0, at) + "\"\\ud8" + document.substring(at);
            case 3 -> document.substring(0, at) + (char) (random.nextInt(0x30)) + document.substring(at);
            default -> document;
        };
    }

    // --- headers -------------------------------------------------------------------------------

    @TestFactory
    @Order(4)
    Stream<DynamicTest> conditionalHeaders() {
        Random random = new Random(SEED + 1);
        List<String> values = new ArrayList<>(List.of(
                "W/", "W/\"", "\"", "*, \"a\"", ",", ",,", "W/W/\"a\"", "\"a\" W/", "\"a\",", " ", "\t", "\"\u00e9\""));
        IntStream.range(0, RANDOM_CASES)
                .forEach(i -> values.add(randomText(random, "W/\"*, \tab\u00ff", 1 + random.nextInt(8))));
        return values.stream()
                .flatMap(value -> Stream.of(
                        DynamicTest.dynamicTest(
                                "If-None-Match " + shorten(value),
                                () -> check(request("GET", victim).header("If-None-Match", value))),
                        DynamicTest.dynamicTest("If-Match on PUT " + shorten(value), () -> {
                            HttpResponse<String> response = check(json("PUT", victim, "{\"data\":{\"n\":2}}", true)
                                    .header("If-Match", value));
                            assertNotEquals(200, response.statusCode(), "no such tag is current");
                        }),
                        DynamicTest.dynamicTest("If-Match on DELETE " + shorten(value), () -> {
                            check(request("DELETE", victim)
                                    .header("If-Match", value)
                                    .header("Authorization", "Bearer " + token));
                            assertEquals(200, send(request("GET", victim)).statusCode(), "not deleted");
                        })));
    }

    @TestFactory
    @Order(5)
    Stream<DynamicTest> otherHeaders() {
        Random random = new Random(SEED + 2);
        String alphabet = "Bearer basic=;,.\"'/\\%\u00e9\u00ff-_Aa0";
        return IntStream.range(0, RANDOM_CASES).boxed().flatMap(i -> {
            String value = randomText(random, alphabet, random.nextInt(100));
            return Stream.of(
                    DynamicTest.dynamicTest(
                            "Authorization " + shorten(value),
                            () -> check(json("POST", "/api/content/fuzz", "{\"data\":{}}", false)
                                    .header("Authorization", value))),
                    DynamicTest.dynamicTest(
                            "Cookie " + shorten(value),
                            () -> check(request("GET", "/api/sessions/current").header("Cookie", value))),
                    DynamicTest.dynamicTest("Content-Type " + shorten(value), () -> {
                        HttpResponse<String> response = check(request("POST", "/api/content/fuzz")
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", value)
                                .POST(BodyPublishers.ofString("{\"data\":{\"ct\":1}}")));
                        if (response.statusCode() == 201) {
                            created.incrementAndGet();
                        }
                    }),
                    DynamicTest.dynamicTest(
                            "X-Request-Id " + shorten(value),
                            () -> check(request("GET", "/health/live").header("X-Request-Id", value))),
                    DynamicTest.dynamicTest(
                            "X-Forwarded-For " + shorten(value),
                            () -> check(request("GET", "/health/ready")
                                    .header("X-Forwarded-For", value)
                                    .header("Forwarded", "for=" + value))));
        });
    }

    // --- query strings, methods, sessions, inventory ---------------------------------------------

    @TestFactory
    @Order(6)
    Stream<DynamicTest> queryStrings() {
        Random random = new Random(SEED + 3);
        List<String> queries = new ArrayList<>(List.of(
                "cursor=%%%%garbage",
                "cursor=%",
                "cursor=%f",
                "cursor=%ff",
                "cursor=%00",
                "limit=%31",
                "limit=1e2",
                "limit=-0",
                "limit=%EF%BC%91",
                "limit=",
                "limit",
                "&&&",
                "=",
                "limit=1&limit=1",
                "cursor=a&cursor=a",
                "limit=+1",
                "limit=1;2",
                "x=%zz",
                "cursor=" + "A".repeat(5000),
                "%c3%28=1"));
        IntStream.range(0, RANDOM_CASES)
                .forEach(i -> queries.add(randomText(random, "%+&=;limcurso0123456789abfzAZ-_.", random.nextInt(24))));
        return queries.stream()
                .map(query -> DynamicTest.dynamicTest("?" + shorten(query), () -> {
                    RawHttp.Response response = raw(("GET /api/content/event?" + query + " HTTP/1.1\r\nHost: x\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    assertSafe(response.status(), response.headers(), response.text());
                    Api.CONTRACT.check(new Exchange(
                            "GET",
                            "/api/content/event?" + query,
                            Map.of(),
                            null,
                            response.status(),
                            response.headers(),
                            response.body()));
                }));
    }

    @TestFactory
    @Order(7)
    Stream<DynamicTest> methodsOnEveryPath() {
        List<String> paths = List.of(
                "/",
                "/health",
                "/health/live",
                "/health/ready",
                "/health/redis",
                "/metrics",
                "/openapi.yaml",
                "/api/sessions",
                "/api/sessions/current",
                "/api/content/event",
                "/api/content/event/nope",
                "/api/content/nope",
                "/api/inventory/NOPE",
                "/api/inventory/NOPE/reservations",
                "/api",
                "/api/content");
        List<String> methods =
                List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO");
        return paths.stream()
                .flatMap(path -> methods.stream()
                        .map(method -> DynamicTest.dynamicTest(method + " " + path, () -> {
                            RawHttp.Response response =
                                    raw((method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                                            .getBytes(StandardCharsets.ISO_8859_1));
                            assertSafe(response.status(), response.headers(), response.text());
                            Api.CONTRACT.check(new Exchange(
                                    method,
                                    path,
                                    Map.of(),
                                    null,
                                    response.status(),
                                    response.headers(),
                                    response.body()));
                        })));
    }

    @TestFactory
    @Order(8)
    Stream<DynamicTest> sessionTokens() {
        Random random = new Random(SEED + 4);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        return IntStream.range(0, RANDOM_CASES).boxed().flatMap(i -> {
            String forged = i % 2 == 0
                    ? randomText(random, alphabet, 16) + "." + randomText(random, alphabet, 43)
                    : randomText(random, alphabet + "%=;\" ", random.nextInt(80));
            return Stream.of(
                    DynamicTest.dynamicTest(
                            "bearer " + shorten(forged),
                            () -> assertEquals(
                                    401,
                                    check(request("GET", "/api/sessions/current")
                                                    .header("Authorization", "Bearer " + forged))
                                            .statusCode())),
                    DynamicTest.dynamicTest(
                            "cookie " + shorten(forged),
                            () -> check(request("DELETE", "/api/sessions/current")
                                    .header("Cookie", "portkit_session=" + forged))),
                    DynamicTest.dynamicTest(
                            "log out everywhere " + shorten(forged),
                            () -> assertEquals(
                                    401,
                                    check(request("DELETE", "/api/sessions")
                                                    .header("Authorization", "Bearer " + forged))
                                            .statusCode())));
        });
    }

    @TestFactory
    @Order(9)
    Stream<DynamicTest> skus() {
        Random random = new Random(SEED + 5);
        List<String> skus =
                new ArrayList<>(List.of("%00", "%2F", "..", ".hidden", "-x", "a".repeat(65), "%C3%A9", "%ff", "A%20B"));
        IntStream.range(0, RANDOM_CASES)
                .forEach(i -> skus.add(randomText(random, "Aa0._-~!*'()%2F", 1 + random.nextInt(70))));
        return skus.stream()
                .flatMap(sku -> Stream.of("GET", "PUT", "POST")
                        .map(method -> DynamicTest.dynamicTest(method + " sku " + shorten(sku), () -> {
                            String path = "/api/inventory/" + sku + (method.equals("POST") ? "/reservations" : "");
                            String body = method.equals("PUT") ? "{\"stock\":1}" : "{\"quantity\":1}";
                            String auth = method.equals("PUT") ? "Authorization: Bearer " + token + "\r\n" : "";
                            RawHttp.Response response = raw((method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
                                            + "Content-Type: application/json\r\nContent-Length: " + body.length()
                                            + "\r\n\r\n" + body)
                                    .getBytes(StandardCharsets.ISO_8859_1));
                            assertSafe(response.status(), response.headers(), response.text());
                        })));
    }

    // --- framing -------------------------------------------------------------------------------

    @TestFactory
    @Order(10)
    Stream<DynamicTest> framing() {
        String reserve =
                "POST /api/inventory/FUZZ-1/reservations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        String body = "{\"quantity\":99}";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        for (String size : List.of("zz", "-1", "ffffffffffffffffff", " f", "f;ext=\"x", "0x10", "", "1 2")) {
            cases.put(
                    "chunk size '" + size + "'",
                    reserve + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\n" + body + "\r\n0\r\n\r\n");
        }
        cases.put(
                "chunk shorter than announced",
                reserve + "Transfer-Encoding: chunked\r\n\r\n20\r\n" + body + "\r\n0\r\n\r\n");
        cases.put(
                "chunk longer than announced",
                reserve + "Transfer-Encoding: chunked\r\n\r\n2\r\n" + body + "\r\n0\r\n\r\n");
        cases.put(
                "no last chunk",
                reserve + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
                        + "\r\n");
        cases.put("bad trailer", reserve + "Transfer-Encoding: chunked\r\n\r\n0\r\nX Bad\r\n\r\n");
        cases.put("duplicate Content-Length", reserve + "Content-Length: 15\r\nContent-Length: 16\r\n\r\n" + body);
        cases.put(
                "Transfer-Encoding with Content-Length",
                reserve + "Content-Length: 15\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        cases.put("Transfer-Encoding gzip", reserve + "Transfer-Encoding: gzip\r\n\r\n" + body);
        cases.put("Transfer-Encoding gzip, chunked", reserve + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
        cases.put("Content-Length -1", reserve + "Content-Length: -1\r\n\r\n" + body);
        cases.put("Content-Length abc", reserve + "Content-Length: abc\r\n\r\n" + body);
        cases.put("Content-Length huge", reserve + "Content-Length: 99999999999999999999\r\n\r\n" + body);
        cases.put("Content-Length over the limit", reserve + "Content-Length: 9999999\r\n\r\n" + body);
        cases.put("body shorter than Content-Length", reserve + "Content-Length: 100\r\n\r\n" + body);
        cases.put("Expect 100-continue", reserve + "Expect: 100-continue\r\nContent-Length: 15\r\n\r\n" + body);
        cases.put("Expect nonsense", reserve + "Expect: teapot\r\nContent-Length: 15\r\n\r\n" + body);
        cases.put("HTTP/2.5", "GET /health HTTP/2.5\r\nHost: x\r\n\r\n");
        cases.put("HTTP/1.2", "GET /health HTTP/1.2\r\nHost: x\r\n\r\n");
        cases.put("HTTP/0.9", "GET /health\r\n\r\n");
        cases.put("no Host", "GET /health HTTP/1.1\r\n\r\n");
        cases.put("two Hosts", "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        cases.put("bad method", "G@T /health HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("lowercase method", "get /health HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("garbage", "\u0000\u0001\u0002 hello\r\n\r\n");
        cases.put("absolute URI", "GET http://x/health HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("asterisk", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("CONNECT", "CONNECT x:80 HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("%00 in path", "GET /api/content/event/%00 HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("bad escape in path", "GET /api/content/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("not UTF-8 in path", "GET /api/content/event/%ff%fe HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("overlong UTF-8 in path", "GET /api/content/event/%c0%af HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("dot segments", "GET /api/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("encoded dot segments", "GET /api/%2e%2e/%2e%2e/health HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("encoded slash", "GET /api/content/event%2Fx HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("double slashes", "GET //api//content//event HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("backslash", "GET /api\\content HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("long URI", "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.put("large header", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: " + "a".repeat(20_000) + "\r\n\r\n");
        cases.put("many headers", "GET /health HTTP/1.1\r\nHost: x\r\n" + "X-A: 1\r\n".repeat(150) + "\r\n");
        cases.put("folded header", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n");
        cases.put("header without colon", "GET /health HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n");
        cases.put("space before colon", "GET /health HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n");
        cases.put("bare LF", "GET /health HTTP/1.1\nHost: x\n\n");
        cases.put("NUL in header", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n");
        cases.put("CR in X-Request-Id", "GET /health HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\rb\r\n\r\n");
        cases.put("Latin-1 in header", "GET /health HTTP/1.1\r\nHost: x\r\nX-Request-Id: caf\u00e9\r\n\r\n");
        return cases.entrySet().stream()
                .map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
                    RawHttp.Response response = raw(c.getValue().getBytes(StandardCharsets.ISO_8859_1));
                    assertSafe(response.status(), response.headers(), response.text());
                    String[] line = c.getValue().split("\r?\n", 2)[0].split(" ");
                    boolean parsed = line.length == 3 && response.status() < 400;
                    Api.CONTRACT.check(new Exchange(
                            parsed ? line[0].toUpperCase(java.util.Locale.ROOT) : "BAD",
                            parsed ? line[1].replaceFirst("^http://[^/]*", "") : "/",
                            Map.of(),
                            null,
                            response.status(),
                            response.headers(),
                            response.body()));
                }));
    }

    // --- afterwards ----------------------------------------------------------------------------

    @Test
    @Order(11)
    void afterwardsTheServiceIsHealthyAndFailedRequestsStoredNothing() throws Exception {
        assertEquals(200, send(request("GET", "/health/live")).statusCode());
        assertEquals(200, send(request("GET", "/health/ready")).statusCode());
        assertEquals(created.get(), listed("fuzz"), "only the creates that answered 201 stored an item");
        HttpResponse<String> item = send(request("GET", victim));
        assertEquals(200, item.statusCode(), item.body());
        assertEquals(victimTag, item.headers().firstValue("ETag").orElseThrow());
        assertEquals(
                "{\"sku\":\"FUZZ-1\",\"stock\":5}",
                send(request("GET", "/api/inventory/FUZZ-1")).body());
        assertEquals(
                "{\"sku\":\"FUZZ-0\",\"stock\":0}",
                send(request("GET", "/api/inventory/FUZZ-0")).body());
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The answer is a correct 2xx/3xx (the contract client checked that) or a 4xx JSON error; never a 5xx. */
    private static void assertSafe(int status, Map<String, List<String>> headers, String body) {
        assertTrue(status >= 200 && status < 500, "status " + status + ": " + shorten(body));
        if (status < 400) {
            return;
        }
        String type = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse("");
        assertTrue(type.startsWith("application/json"), "an error is JSON, not '" + type + "': " + shorten(body));
        if (body.isEmpty()) {
            return; // HEAD
        }
        JsonNode error = JSON.readTree(body);
        assertEquals(2, error.size(), body);
        assertTrue(error.get("error").isString() && error.get("message").isString(), body);
        assertFalse(INTERNALS.matcher(error.get("message").asString()).find(), "names internals: " + body);
    }

    private static HttpResponse<String> check(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = send(request);
        assertSafe(response.statusCode(), response.headers().map(), response.body());
        return response;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }

    private static RawHttp.Response raw(byte[] request) throws Exception {
        RawHttp.Response response = RawHttp.send(port, request, 5_000);
        if (new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1).equals("HEAD ")) {
            assertEquals(0, response.body().length, "no body for HEAD");
        }
        assertNotEquals(0, response.status(), "no answer: " + new String(response.body(), StandardCharsets.ISO_8859_1));
        return response;
    }

    private static HttpRequest.Builder request(String method, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).method(method, BodyPublishers.noBody());
    }

    private static HttpRequest.Builder json(String method, String path, String body, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .method(method, BodyPublishers.ofString(body));
        return authenticated ? request.header("Authorization", "Bearer " + token) : request;
    }

    private static int listed(String type) throws Exception {
        int count = 0;
        String path = "/api/content/" + type + "?limit=100";
        while (path != null) {
            HttpResponse<String> page = send(request("GET", path));
            assertEquals(200, page.statusCode(), page.body());
            JsonNode json = JSON.readTree(page.body());
            count += json.get("items").size();
            path = json.get("next").isNull()
                    ? null
                    : "/api/content/" + type + "?limit=100&cursor="
                            + json.get("next").asString();
        }
        return count;
    }

    /** Characters from an alphabet, kept to what a header may carry when sent by HttpClient. */
    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String shorten(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
    }
}
