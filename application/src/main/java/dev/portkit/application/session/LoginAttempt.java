package dev.portkit.application.session;

import java.util.Objects;

/**
 * One login attempt.
 *
 * @param username as typed; compared exactly
 * @param password as typed; never logged, never stored
 * @param clientAddress where the attempt came from, for throttling (an IP address)
 */
public record LoginAttempt(String username, String password, String clientAddress) {

    public LoginAttempt {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "LoginAttempt[username=" + username + ", password=***, clientAddress=" + clientAddress + "]";
    }
}
