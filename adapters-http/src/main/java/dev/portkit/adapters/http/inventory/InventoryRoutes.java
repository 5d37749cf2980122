package dev.portkit.adapters.http.inventory;

import dev.portkit.adapters.http.ApiException;
import dev.portkit.adapters.http.ErrorResponses;
import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.adapters.http.JsonInput;
import dev.portkit.application.inventory.GetStock;
import dev.portkit.application.inventory.InventoryBusyException;
import dev.portkit.application.inventory.ReservationResult;
import dev.portkit.application.inventory.ReserveStock;
import dev.portkit.application.inventory.SetStock;
import dev.portkit.application.inventory.StockLevel;
import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.lock.LockUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Stock and reservations of ticket-like inventory, each change made under the sku's distributed
 * lock.
 *
 * <ul>
 *   <li>{@code GET /api/inventory/{sku}} → 200 {@code {"sku","stock"}}, 404 if never set.
 *   <li>{@code PUT /api/inventory/{sku}} {@code {"stock": n}} (n ≥ 0) → 200 {@code {"sku","stock"}}.
 *       Meant for staff: put an authentication {@code before} handler in front of it.
 *   <li>{@code POST /api/inventory/{sku}/reservations} {@code {"quantity": n}} (n ≥ 1) → 201
 *       {@code {"sku","quantity","remaining"}}, 409 {@code not_enough_stock}, 404 {@code
 *       unknown_sku}.
 * </ul>
 *
 * <p>400 for an invalid sku, body or number. 503 with {@code Retry-After} when a change cannot be
 * made now: {@code lock_unavailable} when the lock service is unreachable (the service fails closed
 * rather than change stock without a lock), {@code inventory_busy} when the sku stayed locked for
 * the configured wait or the lock was lost before the write.
 */
public final class InventoryRoutes implements HttpRoutes {

    /** Seconds a client should wait after {@code lock_unavailable}: an outage takes a while. */
    static final String RETRY_AFTER_UNAVAILABLE = "5";
    /** Seconds a client should wait after {@code inventory_busy}: another request held the sku. */
    static final String RETRY_AFTER_BUSY = "1";

    private final GetStock getStock;
    private final SetStock setStock;
    private final ReserveStock reserveStock;

    public InventoryRoutes(GetStock getStock, SetStock setStock, ReserveStock reserveStock) {
        this.getStock = Objects.requireNonNull(getStock, "getStock");
        this.setStock = Objects.requireNonNull(setStock, "setStock");
        this.reserveStock = Objects.requireNonNull(reserveStock, "reserveStock");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/inventory/{sku}", this::get);
        routes.put("/api/inventory/{sku}", this::put);
        routes.post("/api/inventory/{sku}/reservations", this::reserve);
        routes.head("/api/inventory/{sku}", this::get);
    }

    @Override
    public void mapErrors(ErrorResponses errors) {
        errors.map(
                        LockUnavailableException.class,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "lock_unavailable",
                        e -> "The lock service is unavailable, so this change cannot be made safely now; retry later.",
                        (e, ctx) -> ctx.header(Header.RETRY_AFTER, RETRY_AFTER_UNAVAILABLE))
                .map(
                        InventoryBusyException.class,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "inventory_busy",
                        e -> "This item is busy with other requests; retry shortly.",
                        (e, ctx) -> ctx.header(Header.RETRY_AFTER, RETRY_AFTER_BUSY));
    }

    private void get(Context ctx) {
        Sku sku = sku(ctx);
        StockLevel level = getStock.get(sku).orElseThrow(() -> unknown(sku));
        ctx.json(new StockBody(level.sku().value(), level.stock()));
    }

    private void put(Context ctx) {
        Sku sku = sku(ctx);
        int stock = intField(ctx, "stock", 0, "invalid_stock");
        StockLevel level = setStock.set(new SetStock.Command(sku, stock));
        ctx.json(new StockBody(level.sku().value(), level.stock()));
    }

    private void reserve(Context ctx) {
        Sku sku = sku(ctx);
        int quantity = intField(ctx, "quantity", 1, "invalid_quantity");
        ReservationResult result = reserveStock.reserve(new ReserveStock.Command(sku, quantity));
        if (result instanceof ReservationResult.Reserved reserved) {
            ctx.status(HttpStatus.CREATED)
                    .json(new ReservationBody(sku.value(), reserved.quantity(), reserved.remaining()));
        } else if (result instanceof ReservationResult.NotEnoughStock notEnough) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "not_enough_stock",
                    "Only " + notEnough.available() + " of " + sku + " in stock; " + notEnough.requested()
                            + " requested.");
        } else {
            throw unknown(sku);
        }
    }

    private static Sku sku(Context ctx) {
        try {
            return new Sku(ctx.pathParam("sku"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST, "invalid_sku", "The sku is invalid: " + e.getMessage() + ".");
        }
    }

    /** A whole number of at least {@code min} from the JSON object body; no strings, fractions or nulls. */
    private static int intField(Context ctx, String field, int min, String code) {
        JsonNode body = JsonInput.read(ctx.bodyAsBytes(), "invalid_json");
        if (body == null || !body.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "The body must be a JSON object.");
        }
        JsonNode value = body.get(field);
        if (value == null || !value.isInt() || value.intValue() < min) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    code,
                    "\"" + field + "\" must be a whole number from " + min + " to " + Integer.MAX_VALUE + ".");
        }
        return value.intValue();
    }

    private static ApiException unknown(Sku sku) {
        return new ApiException(HttpStatus.NOT_FOUND, "unknown_sku", "No stock was ever set for " + sku + ".");
    }

    /** {@code {"sku","stock"}}. */
    record StockBody(String sku, int stock) {}

    /** {@code {"sku","quantity","remaining"}}. */
    record ReservationBody(String sku, int quantity, int remaining) {}
}
