package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisServerExtensionTest {

    @Test
    void explainsHowToRegisterItWhenUsedBeforeItStarted() {
        RedisServerExtension notRegistered = new RedisServerExtension();

        IllegalStateException thrown = assertThrows(IllegalStateException.class, notRegistered::uri);

        assertTrue(thrown.getMessage().contains("@RegisterExtension"), thrown.getMessage());
    }

    @Test
    void rejectsABlankPassword() {
        assertThrows(
                IllegalArgumentException.class,
                () -> RedisServerExtension.builder().password(" "));
    }
}
