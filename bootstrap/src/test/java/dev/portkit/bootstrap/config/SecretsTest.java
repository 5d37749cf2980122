package dev.portkit.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How values appear in start-up errors: URLs of any scheme without their credentials. */
class SecretsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "redis://:Pass/word@host:6379/0                         | redis://***@host:6379/0",
                "redis://app:s3cr@t@host                                | redis://***@host",
                "redis://secret@host                                    | redis://***@host",
                "redis://host:6379                                      | redis://host:6379",
                "postgresql://app:p@ss/w?rd@db:5432/shop?sslmode=verify-full | postgresql://***@db:5432/shop?sslmode=verify-full",
                "postgresql://db/shop?user=app&password=hunter2&ssl=true | postgresql://db/shop?user=app&password=***&ssl=true",
                "jdbc:postgresql://db/shop?password=hunter2             | jdbc:postgresql://db/shop?password=***",
                "user:pw@host                                           | ***@host",
            })
    void urlsAreShownWithoutCredentials(String url, String shown) {
        assertEquals(shown, Secrets.maskUrl(url));
        assertEquals("\"" + shown + "\"", Secrets.shown("SOME_URL", url));
    }
}
