package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExternalPostgresTest {

    @Test
    void parsesUserPasswordHostPortAndDatabase() {
        ExternalPostgres parsed = ExternalPostgres.parse("postgresql://admin:s%40cret+1@db.example:6543/ci");

        assertEquals(new ExternalPostgres("db.example", 6543, "admin", Optional.of("s@cret+1"), "ci"), parsed);
        assertFalse(parsed.toString().contains("cret"), parsed.toString());
    }

    @Test
    void defaultsToPort5432AndThePostgresDatabase() {
        assertEquals(
                new ExternalPostgres("localhost", 5432, "postgres", Optional.empty(), "postgres"),
                ExternalPostgres.parse("postgres://postgres@localhost"));
    }

    @Test
    void errorsNeverShowThePassword() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ExternalPostgres.parse("mysql://admin:hunter2@db:3306/x"));

        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExternalPostgres.parse("postgresql://:hunter2@db/x"));
    }
}
