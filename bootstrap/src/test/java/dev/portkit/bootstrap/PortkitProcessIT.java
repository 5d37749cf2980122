package dev.portkit.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The jar's entry point as operators see it: exit codes, its one-line errors, its shutdown. */
class PortkitProcessIT {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void invalidConfigurationExitsWithCode2AndOneLineNamingTheVariable() throws Exception {
        try (PortkitProcess portkit = PortkitProcess.start(Map.of("PORT", "70000"))) {
            assertEquals(2, portkit.exitCode(TIMEOUT));
            assertEquals(
                    java.util.List.of(
                            "portkit: invalid configuration: PORT=\"70000\" is invalid: expected an integer from 0 to 65535"),
                    portkit.stderr());
        }
    }

    @Test
    void passwordIsNeverPrintedForAnInvalidRedisUrl() throws Exception {
        try (PortkitProcess portkit = PortkitProcess.start(Map.of("REDIS_URL", "http://admin:hunter2@cache:6379"))) {
            assertEquals(2, portkit.exitCode(TIMEOUT));
            String output = String.join("\n", portkit.stderr()) + String.join("\n", portkit.stdout());
            assertTrue(output.contains("REDIS_URL"), output);
            assertFalse(output.contains("hunter2"), output);
        }
    }

    @Test
    void anInvalidDatabaseUrlExitsWithCode2NamingItWithThePasswordMasked() throws Exception {
        try (PortkitProcess portkit =
                PortkitProcess.start(Map.of("DATABASE_URL", "postgresql://app:hunter2@db.internal:5432"))) {
            assertEquals(2, portkit.exitCode(TIMEOUT));
            assertEquals(
                    java.util.List.of(
                            "portkit: invalid configuration: DATABASE_URL=\"postgresql://***@db.internal:5432\""
                                    + " is invalid: expected a database name as the path, e.g. /portkit"),
                    portkit.stderr());
            assertFalse(String.join("\n", portkit.stdout()).contains("hunter2"));
        }
    }

    @Test
    void servesHealthOnInMemoryAdaptersAndStopsCleanlyOnSigterm() throws Exception {
        int port = PortkitProcess.freePort();
        try (PortkitProcess portkit = PortkitProcess.start(Map.of("PORT", Integer.toString(port), "STORE", "memory"))) {
            portkit.awaitOutput("portkit started", TIMEOUT);
            assertTrue(portkit.stdout().stream().anyMatch(line -> line.contains("in-memory adapters")));

            HttpResponse<String> health = Api.client()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"UP\""), health.body());

            portkit.process().destroy(); // SIGTERM
            assertEquals(0, portkit.exitCode(TIMEOUT));
            assertTrue(
                    portkit.stdout().stream().anyMatch(line -> line.contains("portkit stopped")),
                    () -> portkit.stdout() + " / " + portkit.stderr());
        }
    }

    @Test
    void startsOnRedisAdaptersWhenRedisUrlIsSetAndSaysSo() throws Exception {
        int port = PortkitProcess.freePort();
        Map<String, String> env = TestEnvironment.of(
                redis.environment(RedisExtension.Topology.STANDALONE), "PORT", Integer.toString(port));
        try (PortkitProcess portkit = PortkitProcess.start(env)) {
            portkit.awaitOutput("portkit started", TIMEOUT);
            assertTrue(
                    portkit.stdout().stream()
                            .anyMatch(line -> line.contains(
                                    "Redis adapters (" + redis.server().uri())),
                    portkit.stdout()::toString);

            portkit.process().destroy();
            assertEquals(0, portkit.exitCode(TIMEOUT));
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "REDIS_URL            | redis://:Pass/word@cache:6379/0 | Pass/word",
                "REDIS_URL            | redis://secret@cache            | secret",
                "REDIS_URL            | redis://:hunter2@cache:99999    | hunter2",
                "INVENTORY_LOCK_LEASE | 999999999m                      | -",
                "CACHE_ADAPTER        | MEMORY                          | -",
            })
    void configurationThatCannotBeUsedExitsWith2WithoutShowingSecrets(String variable, String value, String secret)
            throws Exception {
        try (PortkitProcess portkit = PortkitProcess.start(Map.of(variable, value))) {
            assertEquals(2, portkit.exitCode(TIMEOUT), () -> portkit.stdout() + " / " + portkit.stderr());
            String output = String.join("\n", portkit.stderr()) + String.join("\n", portkit.stdout());
            assertTrue(output.contains(variable + "="), output);
            assertFalse(!secret.equals("-") && output.contains(secret), output);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"' json' | true", "'' | false", "json | true", "text | false"})
    void paddedOrEmptyLogFormatStillLogs(String format, boolean json) throws Exception {
        int port = PortkitProcess.freePort();
        try (PortkitProcess portkit =
                PortkitProcess.start(Map.of("PORT", Integer.toString(port), "STORE", "memory", "LOG_FORMAT", format))) {
            portkit.awaitOutput("portkit started", TIMEOUT);
            String started = portkit.stdout().stream()
                    .filter(line -> line.contains("portkit started"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(json, started.startsWith("{\""), started);
            portkit.process().destroy();
            assertEquals(0, portkit.exitCode(TIMEOUT));
        }
    }
}
