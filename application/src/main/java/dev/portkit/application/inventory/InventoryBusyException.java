package dev.portkit.application.inventory;

import dev.portkit.domain.inventory.Sku;

/**
 * The sku's stock could not be changed now: its lock stayed taken for the configured wait, or the
 * lease was lost before the write (the store rejected its fencing token). Nothing changed; the
 * caller may retry shortly.
 */
public final class InventoryBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InventoryBusyException(Sku sku, String reason, Throwable cause) {
        super("stock of " + sku + " is busy: " + reason, cause);
    }
}
