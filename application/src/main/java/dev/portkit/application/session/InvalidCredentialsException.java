package dev.portkit.application.session;

/**
 * The username and password do not match a user. Deliberately says nothing about which part was
 * wrong.
 */
public final class InvalidCredentialsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidCredentialsException() {
        super("invalid username or password", null, false, false);
    }
}
