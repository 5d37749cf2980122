package dev.portkit.bootstrap.database;

import static dev.portkit.bootstrap.database.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.bootstrap.ops.PrometheusText;
import dev.portkit.testsupport.PostgresServerExtension;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** What operators see of the database: the {@code database} health check and the pool's and queries' meters. */
class DatabaseHealthAndMetricsIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private Instance instance;

    @BeforeEach
    void start() {
        instance = Instance.on(postgres, null, Map.of("DATABASE_POOL_SIZE", "4"));
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    @Test
    void healthReportsTheDatabaseWithItsVersionLatencyAndPool() {
        HttpResponse<String> health = instance.api().health();

        assertEquals(200, health.statusCode(), health.body());
        JsonNode database = json(health).get("checks").get("database");
        assertEquals("UP", database.get("status").asString());
        JsonNode details = database.get("details");
        assertTrue(details.get("version").asString().matches("\\d+.*"), database.toString());
        assertTrue(details.get("latencyMs").asLong() >= 0);
        assertEquals(4, details.get("pool").get("max").asInt());
        assertEquals(false, details.get("embedded").asBoolean());
    }

    @Test
    void metricsHaveThePoolsAndTheQueriesMeters() {
        ApiClient api = instance.api();
        api.logIn();
        String item = api.create("event", "{\"title\":\"Metered\"}");
        assertEquals(200, api.get(item).statusCode());

        Map<String, Double> metrics = PrometheusText.parse(api.get("/metrics").body());

        assertEquals(
                4.0,
                metrics.get("hikaricp_connections_max{pool=\"portkit\"}"),
                metrics.keySet().toString());
        assertTrue(metrics.containsKey("hikaricp_connections_active{pool=\"portkit\"}"));
        assertTrue(
                metrics.get("portkit_db_query_seconds_count{operation=\"content.create\",outcome=\"success\"}") >= 1.0);
        assertTrue(
                metrics.get("portkit_db_query_seconds_count{operation=\"session.create\",outcome=\"success\"}") >= 1.0);
    }
}
