package dev.portkit.adapters.http.ratelimit;

import java.util.Arrays;
import java.util.Optional;

/**
 * The groups of routes that are rate-limited together, each with its own limit per client. The id
 * names the group in {@code RATE_LIMITS}, in the {@code RateLimit-Policy} header, in metrics and
 * as the limit's name in the store.
 */
public enum RouteGroup {
    /** {@code GET}, {@code HEAD} and {@code OPTIONS} under {@code /api/content/}. */
    CONTENT_READ("content-read"),
    /** Every other method under {@code /api/content/}: creating, updating, deleting. */
    CONTENT_WRITE("content-write"),
    /** {@code POST /api/inventory/{sku}/reservations}. */
    RESERVATION("reservation"),
    /** Every route under {@code /api/sessions}: logging in and out, the current session. */
    SESSIONS("sessions");

    private final String id;

    RouteGroup(String id) {
        this.id = id;
    }

    /** The group's name, e.g. {@code content-read}. */
    public String id() {
        return id;
    }

    /** The group with this id, if there is one. */
    public static Optional<RouteGroup> byId(String id) {
        return Arrays.stream(values()).filter(group -> group.id.equals(id)).findFirst();
    }
}
