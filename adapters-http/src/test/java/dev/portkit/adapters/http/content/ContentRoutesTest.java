package dev.portkit.adapters.http.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.adapters.http.HttpServer;
import dev.portkit.adapters.http.HttpSettings;
import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.adapters.inmemory.content.InMemoryContentRepository;
import dev.portkit.application.content.ContentTypes;
import dev.portkit.application.content.CreateContent;
import dev.portkit.application.content.DeleteContent;
import dev.portkit.application.content.GetContent;
import dev.portkit.application.content.ListContent;
import dev.portkit.application.content.UpdateContent;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import dev.portkit.testsupport.openapi.OpenApiContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The content API through a started server and a real HTTP client, on in-memory adapters.
 *
 * <p>One server serves the whole class (a graceful stop waits for idle keep-alive connections):
 * tests create their own items, and the two list tests each own a type ({@code venue}, {@code
 * article}) so that other tests' items do not show up in their pages.
 */
class ContentRoutesTest {

    private static final OpenApiContract API = OpenApiContract.fromClasspath("openapi.yaml");

    private static final int MAX_BODY = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient client = API.client();
    private static HttpServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        server = new HttpServer(
                new HttpSettings("127.0.0.1", 0, MAX_BODY, false, Duration.ofSeconds(5)),
                List.of(contentRoutes(
                        new InMemoryContentRepository(Clock.systemUTC()),
                        new CaffeineCache(CaffeineCacheSettings.ofEntries(10_000)))),
                JSON,
                new SimpleMeterRegistry());
        base = URI.create("http://127.0.0.1:" + server.start());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpRoutes contentRoutes(ContentRepository repository, Cache cache) {
        Map<ContentType, Duration> ttls = new LinkedHashMap<>();
        ttls.put(new ContentType("event"), Duration.ofMinutes(5));
        ttls.put(new ContentType("venue"), Duration.ofMinutes(15));
        ttls.put(new ContentType("article"), Duration.ofMinutes(30));
        ttls.put(new ContentType("fuzz"), Duration.ofMinutes(1));
        ContentTypes types = new ContentTypes(ttls, Duration.ofSeconds(30));
        return new ContentRoutes(
                new GetContent(types, repository, cache),
                new ListContent(types, repository, cache),
                new CreateContent(types, repository, cache),
                new UpdateContent(types, repository, cache),
                new DeleteContent(types, repository, cache),
                JSON);
    }

    // --- the happy paths -------------------------------------------------------------------------

    @Test
    void createAnswers201WithLocationETagAndTheItem() throws Exception {
        HttpResponse<String> response = post("/api/content/event", "{\"data\":{\"title\":\"Opening night\"}}");

        assertEquals(201, response.statusCode());
        JsonNode item = JSON.readTree(response.body());
        String id = item.get("id").asString();
        assertEquals("event", item.get("type").asString());
        assertEquals(1, item.get("version").asLong());
        assertTrue(item.get("updatedAt").asString().endsWith("Z"), item.toString());
        assertEquals("{\"title\":\"Opening night\"}", item.get("data").toString());
        assertEquals("/api/content/event/" + id, header(response, "Location"));
        assertTrue(header(response, "ETag").matches("\"[A-Za-z0-9_-]{22}\""), header(response, "ETag"));
        assertTrue(header(response, "Content-Type").startsWith("application/json"));
    }

    @Test
    void secondReadIsACacheHitWithTheSameETag() throws Exception {
        String location = created("{\"title\":\"Opening night\"}");

        HttpResponse<String> first = get(location);
        HttpResponse<String> second = get(location);

        assertEquals(200, first.statusCode());
        assertEquals("MISS", header(first, "X-Cache"));
        assertEquals("HIT", header(second, "X-Cache"));
        assertEquals(first.body(), second.body());
        assertEquals(header(first, "ETag"), header(second, "ETag"));
        assertEquals("no-cache", header(second, "Cache-Control"));
    }

    @Test
    void ifNoneMatchWithTheCurrentETagIs304WithoutABody() throws Exception {
        String location = created("{}");
        String etag = header(get(location), "ETag");

        for (String condition : List.of(etag, "\"stale\", " + etag, "W/" + etag, "*")) {
            HttpResponse<String> response = send(request(location).header("If-None-Match", condition));

            assertEquals(304, response.statusCode(), condition);
            assertEquals("", response.body());
            assertEquals(null, header(response, "Content-Type"));
            assertEquals(etag, header(response, "ETag"));
            assertEquals("HIT", header(response, "X-Cache"));
        }
        assertEquals(
                200,
                send(request(location).header("If-None-Match", "\"stale\"")).statusCode());
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        String location = created("{\"title\":\"Opening\"}");
        HttpResponse<String> get = get(location);

        HttpResponse<String> head = send(request(location).method("HEAD", BodyPublishers.noBody()));

        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(header(get, "ETag"), header(head, "ETag"));
        assertEquals("HIT", header(head, "X-Cache"));
        assertEquals(
                404,
                send(request("/api/content/event/missing").method("HEAD", BodyPublishers.noBody()))
                        .statusCode());
        assertEquals(
                200,
                send(request("/api/content/event").method("HEAD", BodyPublishers.noBody()))
                        .statusCode());
    }

    @Test
    void afterPutTheNextGetReturnsTheNewVersionWithANewETag() throws Exception {
        String location = created("{\"n\":1}");
        HttpResponse<String> before = get(location);
        get(location); // cached now

        HttpResponse<String> put = put(location, "{\"data\":{\"n\":2}}");
        HttpResponse<String> after = send(request(location).header("If-None-Match", header(before, "ETag")));

        assertEquals(200, put.statusCode());
        assertEquals(2, JSON.readTree(put.body()).get("version").asLong());
        assertEquals(200, after.statusCode(), "the old ETag no longer matches");
        assertEquals("MISS", header(after, "X-Cache"));
        assertEquals(2, JSON.readTree(after.body()).get("version").asLong());
        assertEquals("{\"n\":2}", JSON.readTree(after.body()).get("data").toString());
        assertNotEquals(header(before, "ETag"), header(after, "ETag"));
        assertEquals(header(put, "ETag"), header(after, "ETag"));
    }

    @Test
    void putWithTheCurrentETagInIfMatchSucceeds() throws Exception {
        String location = created("{}");
        String etag = header(get(location), "ETag");

        HttpResponse<String> response =
                send(jsonRequest(location).header("If-Match", etag).PUT(json("{\"data\":{\"n\":2}}")));

        assertEquals(200, response.statusCode());
        assertEquals(
                200,
                send(jsonRequest(location).header("If-Match", "*").PUT(json("{\"data\":{}}")))
                        .statusCode());
    }

    @Test
    void putWithAStaleETagIs412AndChangesNothing() throws Exception {
        String location = created("{\"n\":1}");
        String stale = header(get(location), "ETag");
        String current = header(put(location, "{\"data\":{\"n\":2}}"), "ETag");

        HttpResponse<String> response =
                send(jsonRequest(location).header("If-Match", stale).PUT(json("{\"data\":{\"n\":3}}")));

        assertError(response, 412, "precondition_failed");
        assertEquals(current, header(response, "ETag"));
        assertEquals(
                "{\"n\":2}", JSON.readTree(get(location).body()).get("data").toString());
    }

    @Test
    void putWithAWeakETagInIfMatchIs412() throws Exception {
        String location = created("{}");
        String etag = header(get(location), "ETag");

        assertError(
                send(jsonRequest(location).header("If-Match", "W/" + etag).PUT(json("{\"data\":{}}"))),
                412,
                "precondition_failed");
    }

    @Test
    void putWithAStaleVersionInTheBodyIs409() throws Exception {
        String location = created("{}");
        put(location, "{\"data\":{\"n\":2}}");

        HttpResponse<String> response = put(location, "{\"version\":1,\"data\":{\"n\":3}}");

        assertError(response, 409, "version_conflict");
        assertTrue(message(response).contains("version 2"), message(response));
        assertEquals(200, put(location, "{\"version\":2,\"data\":{\"n\":3}}").statusCode());
    }

    @Test
    void anItemReadCanBeSentBackAsIs() throws Exception {
        String location = created("{\"n\":1}");
        JsonNode item = JSON.readTree(get(location).body());

        HttpResponse<String> response = put(location, item.toString());

        assertEquals(200, response.statusCode());
        assertEquals(2, JSON.readTree(response.body()).get("version").asLong());
    }

    @Test
    void deleteIs204AndTheItemIsGone() throws Exception {
        String location = created("{}");
        get(location);

        HttpResponse<String> response = send(request(location).DELETE());

        assertEquals(204, response.statusCode());
        assertError(get(location), 404, "not_found");
        assertError(send(request(location).DELETE()), 404, "not_found");
    }

    @Test
    void deleteWithAStaleETagIs412() throws Exception {
        String location = created("{}");
        String stale = header(get(location), "ETag");
        put(location, "{\"data\":{}}");

        assertError(send(request(location).header("If-Match", stale).DELETE()), 412, "precondition_failed");
        assertEquals(200, get(location).statusCode());
    }

    @Test
    void dataRoundTripsExactly() throws Exception {
        String data = "{\"price\":1.10,\"big\":123456789012345678901234567890,\"tiny\":1E-400,"
                + "\"nested\":{\"a\":[1,2,{\"b\":null}],\"t\":true},\"text\":\"caf\u00e9 \ud83c\udf89 \\\"q\\\"\"}";
        String location = created(data);

        HttpResponse<String> response = get(location);

        assertTrue(response.body().contains("\"data\":" + data), response.body());
    }

    @Test
    void whitespaceInDataIsCompacted() throws Exception {
        String location = created("{ \"a\" : [ 1 , 2 ] }");

        assertEquals(
                "{\"a\":[1,2]}", JSON.readTree(get(location).body()).get("data").toString());
    }

    @Test
    void listPagesWithCursorsAndSaysWhetherTheCacheServedIt() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(JSON.readTree(post("/api/content/article", "{\"data\":{\"i\":" + i + "}}")
                            .body())
                    .get("id")
                    .asString());
        }

        List<String> listed = new ArrayList<>();
        String path = "/api/content/article?limit=2";
        int pages = 0;
        while (path != null) {
            HttpResponse<String> response = get(path);
            assertEquals(200, response.statusCode());
            assertEquals("MISS", header(response, "X-Cache"));
            JsonNode page = JSON.readTree(response.body());
            page.get("items").forEach(item -> listed.add(item.get("id").asString()));
            JsonNode next = page.get("next");
            path = next.isNull() ? null : "/api/content/article?limit=2&cursor=" + next.asString();
            pages++;
        }

        assertEquals(3, pages);
        assertEquals(ids, listed);
        assertEquals("HIT", header(get("/api/content/article?limit=2"), "X-Cache"));
    }

    @Test
    void listDefaultsToTwentyAndShowsNewItemsAtOnce() throws Exception {
        HttpResponse<String> empty = get("/api/content/venue");
        assertEquals("{\"items\":[],\"next\":null}", empty.body());
        assertEquals("no-cache", header(empty, "Cache-Control"));

        for (int i = 0; i < 21; i++) {
            post("/api/content/venue", "{\"data\":{}}");
        }
        JsonNode page = JSON.readTree(get("/api/content/venue").body());

        assertEquals(20, page.get("items").size());
        assertFalse(page.get("next").isNull());
    }

    // --- bad input: every one a 4xx with a JSON error ---------------------------------------------

    @Test
    void unknownTypeIs404() throws Exception {
        assertError(get("/api/content/users"), 404, "unknown_type");
        assertError(get("/api/content/users/abc"), 404, "unknown_type");
        assertError(post("/api/content/users", "{\"data\":{}}"), 404, "unknown_type");
        assertError(get("/api/content/Event%20X"), 404, "unknown_type");
    }

    @Test
    void unknownIdIs404() throws Exception {
        assertError(get("/api/content/event/0194a8e2-7c1d-7000-8000-000000000001"), 404, "not_found");
        assertError(get("/api/content/event/not%20an%20id"), 404, "not_found");
        assertError(put("/api/content/event/missing", "{\"data\":{}}"), 404, "not_found");
        assertError(send(request("/api/content/event/missing").DELETE()), 404, "not_found");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"data\":{}",
                "{\"data\":{}} trailing",
                "{\"data\":{}}{}",
                "{\"data\":{\"a\":1,\"a\":2}}",
                "{'data':{}}",
                "",
                "   "
            })
    void malformedJsonIs400(String body) throws Exception {
        assertError(post("/api/content/event", body), 400, "malformed_json");
    }

    @Test
    void malformedJsonSaysWhereWithoutEchoingTheBody() throws Exception {
        String message = message(post("/api/content/event", "{\"data\":\n  {\"secret\": tru}}"));

        assertTrue(message.startsWith("The body is not valid JSON: "), message);
        assertTrue(message.contains("(line 2, column"), message);
        assertFalse(message.contains("Source"), message);
        assertFalse(message.contains("secret"), message);
    }

    @Test
    void deeplyNestedJsonIs400() throws Exception {
        String body = "{\"data\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}";

        assertError(post("/api/content/event", body), 400, "malformed_json");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[]",
                "\"data\"",
                "42",
                "null",
                "{}",
                "{\"data\":null}",
                "{\"data\":[]}",
                "{\"data\":\"text\"}",
                "{\"data\":1}",
                "{\"title\":\"no data wrapper\"}"
            })
    void bodyWithoutADataObjectIs400(String body) throws Exception {
        assertError(post("/api/content/event", body), 400, "invalid_body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5", "\"2\"", "true", "99999999999999999999"})
    void badVersionIs400(String version) throws Exception {
        String location = created("{}");

        assertError(put(location, "{\"version\":" + version + ",\"data\":{}}"), 400, "invalid_body");
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String body = "{\"data\":{\"text\":\"" + "x".repeat(MAX_BODY) + "\"}}";

        assertError(post("/api/content/event", body), 413, "payload_too_large");
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        byte[] body = ("{\"data\":{\"text\":\"" + "x".repeat(4 * MAX_BODY) + "\"}}").getBytes(StandardCharsets.UTF_8);
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));

        HttpResponse<String> response = send(request("/api/content/event")
                .header("Content-Type", "application/json")
                .POST(chunked));

        assertError(response, 413, "payload_too_large");
    }

    @Test
    void bodyJustUnderTheLimitIsAccepted() throws Exception {
        String prefix = "{\"data\":{\"text\":\"";
        String suffix = "\"}}";
        String body = prefix + "x".repeat(MAX_BODY - prefix.length() - suffix.length()) + suffix;

        HttpResponse<String> response = post("/api/content/event", body);

        assertEquals(201, response.statusCode(), response.body());
        String location = header(response, "Location");
        assertEquals(
                MAX_BODY - prefix.length() - suffix.length(),
                JSON.readTree(get(location).body())
                        .get("data")
                        .get("text")
                        .asString()
                        .length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonx", "json"})
    void nonJsonContentTypeIs415(String contentType) throws Exception {
        HttpResponse<String> response = send(request("/api/content/event")
                .header("Content-Type", contentType)
                .POST(BodyPublishers.ofString("{\"data\":{}}")));

        assertError(response, 415, "unsupported_media_type");
    }

    @Test
    void missingContentTypeIs415() throws Exception {
        String location = created("{}");

        assertError(
                send(request(location).PUT(BodyPublishers.ofString("{\"data\":{}}"))), 415, "unsupported_media_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8"})
    void jsonContentTypeWithParametersIsAccepted(String contentType) throws Exception {
        HttpResponse<String> response = send(request("/api/content/event")
                .header("Content-Type", contentType)
                .POST(BodyPublishers.ofString("{\"data\":{}}")));

        assertEquals(201, response.statusCode(), response.body());
    }

    /** JSON is UTF-8 whatever the label says (RFC 8259): a charset the JVM does not know is no server fault. */
    @ParameterizedTest
    @ValueSource(strings = {"bogus", "@@@", "\"\"", "x-user-defined"})
    void jsonContentTypeWithAnUnknownCharsetIsReadAsJson(String charset) throws Exception {
        String contentType = "application/json; charset=" + charset;
        HttpResponse<String> created = send(request("/api/content/event")
                .header("Content-Type", contentType)
                .POST(BodyPublishers.ofString("{\"data\":{\"n\":1}}")));
        assertEquals(201, created.statusCode(), created.body());

        HttpResponse<String> updated = send(request(header(created, "Location"))
                .header("Content-Type", contentType)
                .PUT(BodyPublishers.ofString("{\"data\":{\"n\":2}}")));
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals(2, JSON.readTree(updated.body()).get("version").asLong());
    }

    /**
     * RFC 8259: JSON between systems is UTF-8, and RFC 3629 UTF-8 has one encoding per character. Jackson
     * decodes overlong forms ({@code C0 AF} is "/") and code points past U+10FFFF: a filter that looks at the
     * bytes would miss what the store then holds.
     */
    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "E080AF", "C1BF", "F08080AF", "F4908080", "EDA080", "FF", "C3"})
    void textThatIsNotUtf8Is400AndStoresNothing(String hex) throws Exception {
        int before = JSON.readTree(get("/api/content/fuzz").body()).get("items").size();
        byte[] text = java.util.HexFormat.of().parseHex(hex);
        byte[] prefix = "{\"data\":{\"s\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + text.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(text, 0, body, prefix.length, text.length);
        System.arraycopy(suffix, 0, body, prefix.length + text.length, suffix.length);

        HttpResponse<String> response = send(jsonRequest("/api/content/fuzz").POST(BodyPublishers.ofByteArray(body)));

        assertError(response, 400, "malformed_json");
        assertTrue(message(response).contains("UTF-8"), message(response));
        assertEquals(
                before,
                JSON.readTree(get("/api/content/fuzz").body()).get("items").size(),
                "nothing stored");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "101", "-1", "1.5", "1e2", "%20", "", "20&limit=30"})
    void badLimitIs400(String limit) throws Exception {
        assertError(get("/api/content/event?limit=" + limit), 400, "invalid_limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "Lw", "", "YWJj&cursor=YWJj"})
    void badCursorIs400(String cursor) throws Exception {
        assertError(get("/api/content/event?cursor=" + cursor), 400, "invalid_cursor");
    }

    @ParameterizedTest
    @CsvSource({
        "PATCH, /api/content/event/abc",
        "POST, /api/content/event/abc",
        "DELETE, /api/content/event",
        "PUT, /api/content/event"
    })
    void unsupportedMethodIs405(String method, String path) throws Exception {
        HttpResponse<String> response = send(request(path)
                .header("Content-Type", "application/json")
                .method(method, BodyPublishers.ofString("{\"data\":{}}")));

        assertError(response, 405, "method_not_allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "\"unterminated", "\"a\" \"b\"", "W/abc", ",", "\"a\"b", "W/", "W/\"", "\""})
    void malformedPreconditionIs400(String condition) throws Exception {
        String location = created("{}");

        assertError(send(request(location).header("If-None-Match", condition)), 400, "invalid_header");
        assertError(
                send(jsonRequest(location).header("If-Match", condition).PUT(json("{\"data\":{}}"))),
                400,
                "invalid_header");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"s\":\"\\ud800\"}",
                "{\"s\":\"a\\udfffb\"}",
                "{\"s\":[\"ok\",\"\\ud800\\ud800\"]}",
                "{\"\\ud800\":1}",
                "{\"n\":1e999999999999}",
                "{\"n\":1e10000}",
                "{\"n\":-1e-2147483648}"
            })
    void whatTheStoreCannotGiveBackIs400AndStoresNothing(String data) throws Exception {
        int before = JSON.readTree(get("/api/content/fuzz").body()).get("items").size();

        HttpResponse<String> response = post("/api/content/fuzz", "{\"data\":" + data + "}");

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(Set.of("invalid_body", "malformed_json")
                .contains(JSON.readTree(response.body()).get("error").asString()));
        HttpResponse<String> list = get("/api/content/fuzz");
        assertEquals(200, list.statusCode(), list.body());
        assertEquals(before, JSON.readTree(list.body()).get("items").size(), "nothing stored");
    }

    /** Escapes that are not UTF-8; broken escapes such as {@code %zz} are in the bootstrap's BadInputIT (raw sockets). */
    @ParameterizedTest
    @ValueSource(strings = {"cursor=%ff", "cursor=%C0%AF", "limit=%E0%80", "x=%ED%A0%80"})
    void anUndecodableQueryStringIs400(String query) throws Exception {
        assertError(get("/api/content/event?" + query), 400, "invalid_query");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static String created(String data) throws Exception {
        HttpResponse<String> response = post("/api/content/event", "{\"data\":" + data + "}");
        assertEquals(201, response.statusCode(), response.body());
        return header(response, "Location");
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    }

    private static HttpRequest.Builder jsonRequest(String path) {
        return request(path).header("Content-Type", "application/json");
    }

    private static BodyPublisher json(String body) {
        return BodyPublishers.ofString(body);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(request(path));
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return send(jsonRequest(path).POST(json(body)));
    }

    private static HttpResponse<String> put(String path, String body) throws Exception {
        return send(jsonRequest(path).PUT(json(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), BodyHandlers.ofString());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static String message(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("message").asString();
    }

    /** An error response: the status, JSON {"error","message"} with the code, and nothing else. */
    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(header(response, "Content-Type").startsWith("application/json"), header(response, "Content-Type"));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(code, body.get("error").asString(), response.body());
        assertFalse(body.get("message").asString().isBlank(), response.body());
        assertEquals(2, body.size(), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
        assertFalse(response.body().contains("\tat "), response.body());
    }
}
