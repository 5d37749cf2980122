package dev.portkit.testsupport.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The oracle itself: it passes what the document describes and names each departure from it. */
class OpenApiContractTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.fromClasspath("contract-test.yaml");
    private static final Map<String, List<String>> JSON =
            Map.of("Content-Type", List.of("application/json"), "X-Request-Id", List.of("abc1"));

    @Test
    void aDocumentedExchangeConforms() {
        assertEquals(
                List.of(),
                CONTRACT.problems(
                        get("/things/box?limit=3", 200, JSON, "{\"name\":\"b\",\"parts\":[{\"name\":\"c\"}]}")));
        assertEquals(
                List.of(),
                CONTRACT.problems(get("/nowhere", 404, JSON, "{\"error\":\"not_found\",\"message\":\"x\"}")));
    }

    @Test
    void aNestedReferenceIsChecked() {
        assertProblem(get("/things/box", 200, JSON, "{\"name\":\"b\",\"parts\":[{}]}"), "required property 'name'");
    }

    @Test
    void aStatusTheOperationDoesNotListFails() {
        assertProblem(get("/things/box", 201, JSON, "{\"name\":\"b\"}"), "status 201 is not documented");
    }

    @Test
    void aMissingOrMalformedHeaderFails() {
        assertProblem(
                get("/things/box", 200, Map.of("Content-Type", List.of("application/json")), "{\"name\":\"b\"}"),
                "header X-Request-Id is missing");
        assertProblem(
                get(
                        "/things/box",
                        200,
                        Map.of("Content-Type", List.of("application/json"), "X-Request-Id", List.of("A!")),
                        "{\"name\":\"b\"}"),
                "header X-Request-Id");
    }

    @Test
    void aBodyOutsideTheSchemaOrOfAnotherTypeFails() {
        assertProblem(get("/things/box", 200, JSON, "{\"name\":1}"), "the body");
        assertProblem(
                get(
                        "/things/box",
                        200,
                        Map.of("Content-Type", List.of("text/html"), "X-Request-Id", List.of("a")),
                        "<p>"),
                "Content-Type 'text/html' is not documented");
        assertProblem(get("/nowhere", 404, JSON, "{\"error\":\"oops\",\"message\":\"x\"}"), "the body");
    }

    @Test
    void aRequestTheDocumentRejectsMustGetA4xx() {
        assertProblem(get("/things/BOX", 200, JSON, "{\"name\":\"b\"}"), "path parameter id");
        assertProblem(get("/things/box?limit=11", 200, JSON, "{\"name\":\"b\"}"), "query parameter limit");
        assertProblem(get("/things/box?limit=1&limit=2", 200, JSON, "{\"name\":\"b\"}"), "given 2 times");
        assertProblem(get("/things/box?limit=%zz", 200, JSON, "{\"name\":\"b\"}"), "not valid percent-encoded");
        assertProblem(get("/nowhere", 500, JSON, "{\"error\":\"not_found\",\"message\":\"x\"}"), "not a 4xx");
        assertEquals(
                List.of(),
                CONTRACT.problems(get("/things/BOX", 400, JSON, "{\"error\":\"bad_request\",\"message\":\"x\"}")));
    }

    @Test
    void aRequestBodyIsCheckedAgainstItsSchema() {
        assertProblem(put("{\"name\":\"b\",\"name\":\"c\"}", 204), "not JSON the document allows");
        assertProblem(put("{\"size\":1}", 204), "the body");
        assertEquals(List.of(), CONTRACT.problems(put("{\"name\":\"b\"}", 204)));
        assertEquals(List.of(), CONTRACT.problems(put("{}", 400)));
    }

    @Test
    void checkThrowsWithEveryProblem() {
        AssertionError error =
                assertThrows(AssertionError.class, () -> CONTRACT.check(get("/things/box", 418, JSON, "{}")));
        assertTrue(error.getMessage().contains("GET /things/box -> 418"), error.getMessage());
    }

    private static Exchange get(String target, int status, Map<String, List<String>> headers, String body) {
        return new Exchange("GET", target, Map.of(), null, status, headers, bytes(body));
    }

    private static Exchange put(String body, int status) {
        return new Exchange(
                "PUT",
                "/things/box",
                Map.of("Content-Type", List.of("application/json")),
                bytes(body),
                status,
                status == 204 ? Map.of("X-Request-Id", List.of("a")) : JSON,
                status == 204 ? null : bytes("{\"error\":\"bad_request\",\"message\":\"x\"}"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertProblem(Exchange exchange, String expected) {
        List<String> problems = CONTRACT.problems(exchange);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), expected + " not in " + problems);
    }
}
