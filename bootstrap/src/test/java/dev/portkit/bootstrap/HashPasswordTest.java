package dev.portkit.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.application.session.PasswordHasher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashPasswordTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsAHashOfTheFirstLineOfStdinAtTheDefaultCost() {
        int exit = run("correct horse battery staple\n", new PasswordHasher());

        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(hash.startsWith("pbkdf2-sha256$600000$"), hash);
        assertTrue(new PasswordHasher(1_000).matches("correct horse battery staple".toCharArray(), hash));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("horse"));
    }

    @Test
    void anEmptyPasswordIsRefused() {
        assertEquals(2, run("\n", new PasswordHasher(1_000)));
        assertEquals(2, run("", new PasswordHasher(1_000)));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("empty"));
    }

    @Test
    void unknownCommandsGetUsage() {
        assertEquals(2, Main.runCommand(new String[] {"hash-passwd"}));
    }

    private int run(String stdin, PasswordHasher hasher) {
        return HashPassword.run(
                null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                hasher);
    }
}
