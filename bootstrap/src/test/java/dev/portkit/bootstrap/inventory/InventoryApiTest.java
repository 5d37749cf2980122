package dev.portkit.bootstrap.inventory;

import static dev.portkit.bootstrap.inventory.InventoryInstance.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portkit.adapters.inmemory.inventory.InMemoryStockStore;
import dev.portkit.adapters.inmemory.lock.InMemoryLockService;
import dev.portkit.application.inventory.InventorySettings;
import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.lock.LockLease;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The inventory endpoints over HTTP, on the in-memory adapters. */
class InventoryApiTest {

    private final InMemoryLockService locks = new InMemoryLockService();
    private final InMemoryStockStore store = new InMemoryStockStore();
    private final InventoryInstance api =
            new InventoryInstance(locks, store, new InventorySettings(Duration.ofSeconds(3), Duration.ofMillis(100)));

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void setStockThenReadIt() {
        HttpResponse<String> put = api.putStock("TICKET-A", "{\"stock\": 10}");

        assertEquals(200, put.statusCode());
        assertEquals("{\"sku\":\"TICKET-A\",\"stock\":10}", put.body());
        assertEquals("{\"sku\":\"TICKET-A\",\"stock\":10}", api.get("TICKET-A").body());
    }

    @Test
    void anUnknownSkuIs404() {
        HttpResponse<String> get = api.get("NOPE");
        HttpResponse<String> reserve = api.reserve("NOPE", "{\"quantity\": 1}");

        assertEquals(404, get.statusCode());
        assertEquals("unknown_sku", json(get).get("error").asString());
        assertEquals(404, reserve.statusCode());
        assertEquals("unknown_sku", json(reserve).get("error").asString());
    }

    @Test
    void aReservationTakesUnitsOutOfStock() {
        api.putStock("TICKET-A", "{\"stock\": 10}");

        HttpResponse<String> reserved = api.reserve("TICKET-A", "{\"quantity\": 3}");

        assertEquals(201, reserved.statusCode());
        assertEquals("{\"sku\":\"TICKET-A\",\"quantity\":3,\"remaining\":7}", reserved.body());
        assertEquals(7, json(api.get("TICKET-A")).get("stock").asInt());
    }

    @Test
    void reservingMoreThanIsInStockIs409AndChangesNothing() {
        api.putStock("TICKET-A", "{\"stock\": 2}");

        HttpResponse<String> tooMany = api.reserve("TICKET-A", "{\"quantity\": 3}");

        assertEquals(409, tooMany.statusCode());
        assertEquals("not_enough_stock", json(tooMany).get("error").asString());
        assertEquals(2, json(api.get("TICKET-A")).get("stock").asInt());
        assertEquals(201, api.reserve("TICKET-A", "{\"quantity\": 2}").statusCode());
        assertEquals(409, api.reserve("TICKET-A", "{\"quantity\": 1}").statusCode());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"quantity\": 0}",
                "{\"quantity\": -1}",
                "{\"quantity\": 1.5}",
                "{\"quantity\": \"2\"}",
                "{\"quantity\": null}",
                "{\"quantity\": 3000000000}",
                "{}",
            })
    void aBadQuantityIs400(String body) {
        api.putStock("TICKET-A", "{\"stock\": 10}");

        HttpResponse<String> response = api.reserve("TICKET-A", body);

        assertEquals(400, response.statusCode(), body);
        assertEquals("invalid_quantity", json(response).get("error").asString());
        assertEquals(10, json(api.get("TICKET-A")).get("stock").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1]", "3"})
    void aBodyThatIsNotAJsonObjectIs400(String body) {
        HttpResponse<String> response = api.reserve("TICKET-A", body);

        assertEquals(400, response.statusCode(), body);
        assertEquals("invalid_json", json(response).get("error").asString());
    }

    /** One reader may take the first, another the last: a duplicate is refused, not guessed at. */
    @Test
    void aBodyWithADuplicateFieldIs400AndChangesNothing() {
        api.putStock("TICKET-A", "{\"stock\": 10}");

        HttpResponse<String> put = api.putStock("TICKET-A", "{\"stock\": 1, \"stock\": 2}");
        HttpResponse<String> reserve = api.reserve("TICKET-A", "{\"quantity\": 1, \"quantity\": 9}");

        assertEquals(400, put.statusCode(), put.body());
        assertEquals("invalid_json", json(put).get("error").asString());
        assertEquals(400, reserve.statusCode(), reserve.body());
        assertEquals("invalid_json", json(reserve).get("error").asString());
        assertEquals(10, json(api.get("TICKET-A")).get("stock").asInt());
    }

    @Test
    void aBodyOverTheLimitIs413() {
        HttpResponse<String> response =
                api.reserve("TICKET-A", "{\"quantity\": 1, \"pad\": \"" + "x".repeat(70_000) + "\"}");

        assertEquals(413, response.statusCode());
        assertEquals("payload_too_large", json(response).get("error").asString());
    }

    @Test
    void aNegativeStockIs400() {
        HttpResponse<String> response = api.putStock("TICKET-A", "{\"stock\": -1}");

        assertEquals(400, response.statusCode());
        assertEquals("invalid_stock", json(response).get("error").asString());
        assertEquals(404, api.get("TICKET-A").statusCode());
    }

    @Test
    void anInvalidSkuIs400() {
        HttpResponse<String> response = api.get("-dash-first");

        assertEquals(400, response.statusCode());
        assertEquals("invalid_sku", json(response).get("error").asString());
    }

    @Test
    void aSkuLockedLongerThanTheWaitIs503WithRetryAfter() {
        api.putStock("TICKET-A", "{\"stock\": 10}");
        LockLease held = locks.tryAcquire("inventory:TICKET-A", Duration.ofSeconds(30), Duration.ZERO)
                .orElseThrow();

        HttpResponse<String> busy = api.reserve("TICKET-A", "{\"quantity\": 1}");

        assertEquals(503, busy.statusCode());
        assertEquals("inventory_busy", json(busy).get("error").asString());
        assertEquals("1", busy.headers().firstValue("Retry-After").orElseThrow());
        locks.release(held);
        assertEquals(10, json(api.get("TICKET-A")).get("stock").asInt());
        assertEquals(201, api.reserve("TICKET-A", "{\"quantity\": 1}").statusCode());
    }

    @Test
    void aLockCounterBehindTheStoreCostsOneRetryNotA503() {
        // A newer lock holder (say, before a restart that reset this lock's counter) used this sku with a
        // higher token: the first attempt is rejected as stale, the lock learns the token and the retry wins.
        store.write(new Sku("TICKET-A"), 10, 1_000);

        HttpResponse<String> reserved = api.reserve("TICKET-A", "{\"quantity\": 1}");

        assertEquals(201, reserved.statusCode(), reserved.body());
        assertEquals(9, json(reserved).get("remaining").asInt());
        assertEquals(9, json(api.get("TICKET-A")).get("stock").asInt());
    }
}
