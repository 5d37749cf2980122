package dev.portkit.bootstrap.content;

import static dev.portkit.bootstrap.content.ContentApiClient.header;
import static dev.portkit.bootstrap.content.ContentApiClient.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.portkit.bootstrap.TestUser;
import dev.portkit.bootstrap.config.AdapterChoice;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.Components;
import dev.portkit.bootstrap.wiring.PortkitService;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The content API end to end on the in-memory adapters, wired as {@code Main} wires them. */
class ContentInMemoryTest {

    private static PortkitService service;
    private static ContentApiClient api;
    private static int port;

    @BeforeAll
    static void startService() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PortkitConfig config = PortkitConfig.fromEnvironment(Map.of(
                // The sources of truth in memory: these tests are about the cache and the wiring.
                "STORE", "memory",
                "CACHE_ADAPTER", "memory",
                "HTTP_HOST", "127.0.0.1",
                "PORT", Integer.toString(port),
                "SHUTDOWN_TIMEOUT", "5s",
                "CONTENT_TYPES", "talk",
                "CACHE_TTLS", "talk=1m",
                "AUTH_USERS", TestUser.AUTH_USERS));
        assertEquals(AdapterChoice.MEMORY, config.adapter());
        service = Components.create(config).service();
        api = new ContentApiClient(service.start());
        api.logIn();
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void theConfiguredTypesAreServedWithCachingAndFreshReadsAfterWrites() throws Exception {
        String location = api.create("talk", "{\"title\":\"Ports and adapters\"}");

        HttpResponse<String> first = api.get(location);
        HttpResponse<String> second = api.get(location);
        HttpResponse<String> notModified = api.get(location, header(second, "ETag"));
        HttpResponse<String> put = api.put(location, "{\"title\":\"Hexagons\"}");
        HttpResponse<String> afterPut = api.get(location, header(second, "ETag"));

        assertEquals("MISS", header(first, "X-Cache"));
        assertEquals("HIT", header(second, "X-Cache"));
        assertEquals(304, notModified.statusCode());
        assertEquals(200, put.statusCode(), put.body());
        assertEquals(2, version(afterPut));
        assertNotEquals(header(second, "ETag"), header(afterPut, "ETag"));
        assertEquals(404, api.get("/api/content/event").statusCode(), "event is not configured here");
    }

    @Test
    void writesNeedASessionAndAreRefusedAfterLogout() throws Exception {
        ContentApiClient anonymous = new ContentApiClient(port);
        assertEquals(401, anonymous.post("talk", "{}").statusCode(), "no session");

        ContentApiClient editor = new ContentApiClient(port);
        editor.logIn();
        String location = editor.create("talk", "{\"title\":\"Sessions\"}");
        assertEquals(200, anonymous.get(location).statusCode(), "reads stay public");
        editor.logOut();

        HttpResponse<String> refused = editor.post("talk", "{}");
        assertEquals(401, refused.statusCode());
        assertEquals(
                "unauthenticated", ContentApiClient.json(refused).get("error").asString());
    }
}
