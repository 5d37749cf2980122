package dev.portkit.bootstrap;

import dev.portkit.application.session.PasswordHasher;
import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar portkit.jar hash-password}: prints the hash of a password for {@code
 * AUTH_USERS=alice:HASH}. On a terminal it asks twice without echoing; otherwise it reads the first
 * line of stdin ({@code printf '%s' "$PW" | java -jar portkit.jar hash-password}). The password is
 * never printed.
 */
final class HashPassword {

    private HashPassword() {}

    /** @return the exit code: 0 with the hash on {@code out}, 2 with a message on {@code err} */
    static int run(Console console, InputStream in, PrintStream out, PrintStream err) {
        return run(console, in, out, err, new PasswordHasher());
    }

    static int run(Console console, InputStream in, PrintStream out, PrintStream err, PasswordHasher hasher) {
        char[] password = PasswordInput.read("hash-password", console, in, err);
        if (password == null) {
            return Main.EXIT_CONFIG;
        }
        try {
            if (password.length == 0) {
                err.println("hash-password: the password is empty");
                return Main.EXIT_CONFIG;
            }
            if (password.length > PasswordHasher.MAX_PASSWORD_LENGTH) {
                err.println(
                        "hash-password: passwords have at most " + PasswordHasher.MAX_PASSWORD_LENGTH + " characters");
                return Main.EXIT_CONFIG;
            }
            out.println(hasher.hash(password));
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
