package dev.portkit.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.postgres.PostgresSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The store and database variables, and the session touch interval. */
class DatabaseConfigTest {

    @Test
    void theDefaultIsTheEmbeddedPostgresqlInDotData() {
        DatabaseConfig database = parse(Map.of());

        assertEquals(StoreChoice.POSTGRES, database.store());
        assertTrue(database.embedded());
        assertEquals(Path.of("./data"), database.dataDir());
        assertEquals(10, database.poolSize());
        assertEquals(Duration.ofSeconds(2), database.connectTimeout());
        assertEquals(Duration.ofSeconds(2), database.queryTimeout());
        assertEquals(Duration.ofMillis(100), database.feedInterval());
        assertEquals(
                Duration.ofMillis(250),
                parse(Map.of("DATABASE_FEED_INTERVAL", "250ms")).feedInterval());
    }

    @Test
    void aUrlNamesAnExternalDatabaseAndItsCredentialsLeaveTheUrl() {
        PostgresSettings settings = external(Map.of(
                "DATABASE_URL", "postgresql://app:s%40cret+1@db.internal:6543/shop",
                "DATABASE_POOL_SIZE", "20",
                "DATABASE_QUERY_TIMEOUT", "750ms"));

        assertEquals("db.internal", settings.host());
        assertEquals(6543, settings.port());
        assertEquals("shop", settings.database());
        assertEquals("app", settings.user());
        assertEquals(Optional.of("s@cret+1"), settings.password());
        assertEquals(20, settings.poolSize());
        assertEquals(Duration.ofMillis(750), settings.queryTimeout());
        assertFalse(settings.tls().enabled());
        assertFalse(settings.toString().contains("cret"), settings.toString());
        assertEquals("postgresql://app@db.internal:6543/shop", settings.redactedUrl());
    }

    @Test
    void splitVariablesAndSeparateCredentialsWork() {
        PostgresSettings settings = external(Map.of(
                "DATABASE_HOST", "db.internal",
                "DATABASE_USER", "app",
                "DATABASE_PASSWORD", "secret"));

        assertEquals(5432, settings.port());
        assertEquals("portkit", settings.database());
        assertEquals(Optional.of("secret"), settings.password());
        assertEquals(
                Optional.of("secret"),
                external(Map.of("DATABASE_URL", "postgres://app@db/x", "DATABASE_PASSWORD", "secret"))
                        .password());
    }

    @Test
    void tlsIsVerifiedFullyByDefault(@TempDir Path directory) throws IOException {
        Path ca = Files.writeString(directory.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        PostgresSettings settings = external(Map.of(
                "DATABASE_URL",
                "postgresql://app@db/x",
                "DATABASE_TLS",
                "true",
                "DATABASE_TLS_CA_FILE",
                ca.toString()));

        assertTrue(settings.tls().enabled());
        assertEquals(PostgresSettings.Verify.FULL, settings.tls().verify());
        assertEquals(Optional.of(ca), settings.tls().caFile());
    }

    @Test
    void theInMemoryStoreNeedsNoDatabase() {
        DatabaseConfig database = parse(Map.of("STORE", "memory"));

        assertEquals(StoreChoice.MEMORY, database.store());
        assertFalse(database.embedded());
        assertEquals("the in-memory store (nothing survives a restart)", database.describe());
    }

    @ParameterizedTest
    @CsvSource({
        "STORE, disk, STORE, ",
        "DATABASE_URL, mysql://app@db/x, DATABASE_URL, ",
        "DATABASE_URL, postgresql://app@db, DATABASE_URL, ",
        "DATABASE_URL, postgresql://app@db/x?sslmode=require, DATABASE_URL, ",
        "DATABASE_URL, postgresql://db/x, DATABASE_URL, ",
        "DATABASE_PORT, 5432, DATABASE_PORT, ",
        "DATABASE_USER, app, DATABASE_USER, ",
        "DATABASE_POOL_SIZE, 0, DATABASE_POOL_SIZE, ",
        "DATABASE_CONNECT_TIMEOUT, 100ms, DATABASE_CONNECT_TIMEOUT, ",
        "DATABASE_QUERY_TIMEOUT, soon, DATABASE_QUERY_TIMEOUT, ",
        "DATABASE_FEED_INTERVAL, 1ms, DATABASE_FEED_INTERVAL, ",
        "DATABASE_FEED_INTERVAL, 2m, DATABASE_FEED_INTERVAL, ",
    })
    void invalidValuesNameTheirVariable(String name, String value, String variable, String unused) {
        assertEquals(variable, invalid(Map.of(name, value)).variable());
    }

    @Test
    void eachValueIsGivenOnceAndEachVariableWhereItMeansSomething() {
        assertEquals(
                "DATABASE_HOST",
                invalid(Map.of("DATABASE_URL", "postgresql://app@db/x", "DATABASE_HOST", "other"))
                        .variable());
        assertEquals(
                "DATABASE_USER",
                invalid(Map.of("DATABASE_URL", "postgresql://app@db/x", "DATABASE_USER", "other"))
                        .variable());
        assertEquals(
                "DATA_DIR",
                invalid(Map.of("DATABASE_URL", "postgresql://app@db/x", "DATA_DIR", "/var/lib/portkit"))
                        .variable());
        assertEquals(
                "DATABASE_TLS_VERIFY",
                invalid(Map.of("DATABASE_URL", "postgresql://app@db/x", "DATABASE_TLS_VERIFY", "ca"))
                        .variable());
        assertEquals(
                "DATABASE_URL",
                invalid(Map.of("STORE", "memory", "DATABASE_URL", "postgresql://app@db/x"))
                        .variable());
        assertEquals(
                "DATA_DIR",
                invalid(Map.of("STORE", "memory", "DATA_DIR", "./x")).variable());
        assertEquals(
                "DATABASE_FEED_INTERVAL",
                invalid(Map.of("STORE", "memory", "DATABASE_FEED_INTERVAL", "1s"))
                        .variable());
    }

    @Test
    void aPasswordNeverAppearsInAnError() {
        ConfigException twice =
                invalid(Map.of("DATABASE_URL", "postgresql://app:one-secret@db/x", "DATABASE_PASSWORD", "two-secret"));
        ConfigException malformed = invalid(Map.of("DATABASE_URL", "postgresql://app:p/a@ss#w0rd@db:5432"));
        ConfigException noName = invalid(Map.of("DATABASE_URL", "postgresql://app:hunter2@db"));

        assertEquals("DATABASE_PASSWORD", twice.variable());
        for (ConfigException e : new ConfigException[] {twice, malformed, noName}) {
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            assertFalse(e.getMessage().contains("w0rd"), e.getMessage());
        }
        assertTrue(noName.getMessage().contains("postgresql://***@db"), noName.getMessage());
    }

    @Test
    void theTouchIntervalDefaultsToAMinuteOrAQuarterOfTheIdleTimeout() {
        assertEquals(Duration.ofMinutes(1), sessions(Map.of()).touchInterval());
        assertEquals(
                Duration.ofSeconds(15),
                sessions(Map.of("SESSION_IDLE_TIMEOUT", "1m")).touchInterval());
        assertEquals(
                Duration.ofSeconds(10),
                sessions(Map.of("SESSION_TOUCH_INTERVAL", "10s")).touchInterval());
        assertEquals(
                "SESSION_TOUCH_INTERVAL",
                invalid(Map.of("SESSION_IDLE_TIMEOUT", "5m", "SESSION_TOUCH_INTERVAL", "5m"))
                        .variable());
    }

    private static DatabaseConfig parse(Map<String, String> env) {
        return PortkitConfig.fromEnvironment(env).database();
    }

    private static SessionConfig sessions(Map<String, String> env) {
        return PortkitConfig.fromEnvironment(env).sessions();
    }

    private static PostgresSettings external(Map<String, String> env) {
        return parse(env).external().orElseThrow();
    }

    private static ConfigException invalid(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> PortkitConfig.fromEnvironment(env));
    }
}
