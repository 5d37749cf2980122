package dev.portkit.adapters.http;

/**
 * The JSON body of every error response: a stable machine-readable code and a message for a human.
 *
 * @param error a stable {@code snake_case} code clients may branch on, e.g. {@code not_found}
 * @param message what was wrong, in words; never a stack trace or a secret
 */
public record ApiError(String error, String message) {}
