package dev.portkit.bootstrap;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a password for a command: on a terminal it asks twice without echoing; otherwise it reads the first
 * line of stdin ({@code printf '%s\n' "$PW" | java -jar portkit.jar ...}). The password is never printed.
 */
final class PasswordInput {

    private PasswordInput() {}

    /**
     * @param command the command's name, for messages
     * @return the password (the caller clears it), or {@code null} after writing why to {@code err}
     */
    static char[] read(String command, Console console, InputStream in, PrintStream err) {
        return console != null ? fromConsole(command, console, err) : fromStream(command, in, err);
    }

    private static char[] fromConsole(String command, Console console, PrintStream err) {
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            err.println(command + ": the passwords differ");
            return null;
        }
        Arrays.fill(second, '\0');
        return first;
    }

    private static char[] fromStream(String command, InputStream in, PrintStream err) {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return line == null ? new char[0] : line.toCharArray();
        } catch (IOException e) {
            err.println(command + ": cannot read the password: " + e.getMessage());
            return null;
        }
    }
}
