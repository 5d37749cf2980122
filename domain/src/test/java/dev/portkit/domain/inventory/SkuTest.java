package dev.portkit.domain.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SkuTest {

    @Test
    void keepsAValidValue() {
        assertEquals("TICKET-2026.vip_1", new Sku("TICKET-2026.vip_1").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-lead", "has space", "a/b", "ü"})
    void rejectsAnInvalidValue(String value) {
        assertThrows(IllegalArgumentException.class, () -> new Sku(value));
    }

    @Test
    void rejectsMoreThan64Characters() {
        new Sku("a".repeat(64));
        assertThrows(IllegalArgumentException.class, () -> new Sku("a".repeat(65)));
    }
}
