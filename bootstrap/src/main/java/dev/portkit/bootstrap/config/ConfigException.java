package dev.portkit.bootstrap.config;

/**
 * An environment variable with a value portkit cannot use. Its message is one line naming the
 * variable, the rejected value (masked when it may hold a secret) and what is allowed.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String variable;

    ConfigException(String variable, String shownValue, String allowed) {
        super(variable + "=" + shownValue + " is invalid: " + allowed, null, false, false);
        this.variable = variable;
    }

    /** The name of the offending environment variable. */
    public String variable() {
        return variable;
    }
}
