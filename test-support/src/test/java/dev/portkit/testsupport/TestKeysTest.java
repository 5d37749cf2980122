package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestKeysTest {

    @Test
    void globPatternCharactersAreEscapedSoAPrefixMatchesOnlyItself() {
        assertEquals("a\\*b\\?c\\[d\\]e\\\\f\\^g:", TestKeys.glob("a*b?c[d]e\\f^g:"));
        assertEquals("portkit-test:abc:1:", TestKeys.glob("portkit-test:abc:1:"));
    }

    @Test
    void everyClassGetsAPrefixOfItsOwnUnderTheHarnessesNamespace() {
        String first = TestKeys.classPrefix();
        String second = TestKeys.classPrefix();

        assertNotEquals(first, second);
        assertTrue(first.matches("portkit-test:[0-9a-z]+:\\d+:"), first);
    }
}
