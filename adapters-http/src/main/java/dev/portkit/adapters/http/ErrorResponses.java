package dev.portkit.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * How exceptions thrown by handlers become error responses: one line per exception type, the only
 * way the HTTP adapter turns a failure into a status. Handlers throw the use cases' exceptions (or
 * an {@link ApiException} for their own checks) and never catch them to answer.
 *
 * <pre>{@code
 * errors.map(DatabaseUnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE, "database_unavailable",
 *         e -> "The database is unavailable; retry shortly.");
 * }</pre>
 *
 * A type is mapped once; a subclass may have its own line, the most specific one applies. The
 * message is shown to clients: say what was wrong in their terms, never a class name or a secret.
 */
public final class ErrorResponses {

    private final Map<Class<? extends Exception>, Mapping<?>> mappings = new LinkedHashMap<>();

    /** Answers {@code type} with {@code status} and {@code {"error": code, "message": message(e)}}. */
    public <E extends Exception> ErrorResponses map(
            Class<E> type, HttpStatus status, String code, Function<? super E, String> message) {
        return map(type, status, code, message, (e, ctx) -> {});
    }

    /** As {@link #map(Class, HttpStatus, String, Function)}, also setting headers such as {@code Retry-After}. */
    public <E extends Exception> ErrorResponses map(
            Class<E> type,
            HttpStatus status,
            String code,
            Function<? super E, String> message,
            BiConsumer<? super E, Context> headers) {
        Mapping<E> mapping = new Mapping<>(status, code, message, headers);
        if (mappings.putIfAbsent(Objects.requireNonNull(type, "type"), mapping) != null) {
            throw new IllegalStateException(type.getName() + " is mapped twice");
        }
        return this;
    }

    /** Registers every mapping as a Javalin exception handler. */
    void addTo(RoutesConfig routes) {
        mappings.forEach((type, mapping) -> register(routes, type, mapping));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> void register(
            RoutesConfig routes, Class<? extends Exception> type, Mapping<E> mapping) {
        routes.exception((Class<E>) type, mapping::respond);
    }

    private record Mapping<E extends Exception>(
            HttpStatus status,
            String code,
            Function<? super E, String> message,
            BiConsumer<? super E, Context> headers) {

        Mapping {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(headers, "headers");
        }

        void respond(E e, Context ctx) {
            headers.accept(e, ctx);
            ctx.status(status).json(new ApiError(code, message.apply(e)));
        }
    }
}
