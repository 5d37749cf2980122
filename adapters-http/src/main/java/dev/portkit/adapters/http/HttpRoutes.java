package dev.portkit.adapters.http;

import io.javalin.config.RoutesConfig;

/**
 * A group of routes that one handler instance contributes to the {@link HttpServer}.
 *
 * <p>Each feature (health, content, sessions, ...) implements this with the use cases it drives,
 * passed to its constructor; the server registers every group at creation. No static handlers, no
 * static state.
 */
public interface HttpRoutes {

    /** Declares this group's routes (and any {@code before} handlers scoped to its paths). */
    void addTo(RoutesConfig routes);

    /**
     * Maps the exceptions this group's use cases throw to error responses, one line each. Failures
     * shared by every group (a store that is down, say) are mapped once, in {@link HttpServer}.
     */
    default void mapErrors(ErrorResponses errors) {}
}
