package dev.portkit.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/** What a request's JSON may hold, and how its faults are put in the client's terms. */
class JsonInputTest {

    private static final ObjectReader READER = JsonMapper.builder()
            .build()
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"s\":\"\\ud800\"}                  | /data/s",
                "{\"a\":[1,{\"b\":\"x\\udc00\"}]}     | /data/a/1/b",
                "{\"a/b\":\"\\ud83d\"}                | /data/a~1b",
                "{\"n\":1e10000}                      | /data/n",
                "{\"n\":-1.5e-10001}                  | /data/n",
            })
    void findsTheFirstValueTheStoreCannotHold(String json, String pointer) {
        Optional<String> problem = JsonInput.unstorable(READER.readTree(json), "/data");

        assertTrue(problem.isPresent(), json);
        assertTrue(problem.get().contains(pointer), problem.get());
    }

    @Test
    void acceptsPairedSurrogatesAndNumbersWithinRange() {
        assertEquals(
                Optional.empty(),
                JsonInput.unstorable(
                        READER.readTree(
                                "{\"e\":\"\\ud83c\\udf89\",\"n\":1E-400,\"m\":1e9999,\"i\":123456789012345678901234567890}"),
                        "/data"));
    }

    @Test
    void parserLimitsAreReportedWithoutTheParsersNames() {
        String deep = "[".repeat(1500) + "]".repeat(1500);
        JacksonException e = assertThrows(JacksonException.class, () -> READER.readTree(deep));

        String detail = JsonInput.detail(e);

        assertTrue(detail.startsWith("it is nested more than 1000 levels deep"), detail);
        assertFalse(detail.contains("StreamReadConstraints"), detail);
    }
}
