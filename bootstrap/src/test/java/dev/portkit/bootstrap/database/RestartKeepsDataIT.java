package dev.portkit.bootstrap.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portkit.bootstrap.EmbeddedDataDirectories;
import dev.portkit.bootstrap.PortkitProcess;
import dev.portkit.bootstrap.TestUser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar with nothing configured, as on a fresh machine: its embedded PostgreSQL keeps content, stock,
 * users and sessions in {@code DATA_DIR} across a graceful restart and across a {@code kill -9}.
 */
class RestartKeepsDataIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** One DATA_DIR for the class: the first test starts on an empty one (initdb), the other on its data. */
    private static Path dataDir;

    @BeforeAll
    static void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("portkit-data-");
    }

    @AfterAll
    static void deleteDataDir() {
        EmbeddedDataDirectories.stopAnyPostgresAndDelete(dataDir);
    }

    @Test
    void aGracefulRestartKeepsContentStockAndSessions() throws Exception {
        restartKeepsData(false);
    }

    @Test
    void aKillMinus9KeepsContentStockAndSessions() throws Exception {
        restartKeepsData(true);
    }

    private void restartKeepsData(boolean kill) throws Exception {
        String run = kill ? "killed" : "stopped";
        String sku = "TICKET-" + run;
        String user = "alice-" + run;
        String token;
        String item;
        String itemBody;
        try (PortkitProcess first = start()) {
            addUserToTheRunningService(user, "wonderland");
            ApiClient api = new ApiClient(first.port());
            assertEquals(201, api.tryLogIn(user, "wonderland").statusCode());
            token = api.logIn();
            item = api.create("event", "{\"title\":\"Opening night\",\"seats\":120}");
            itemBody = api.get(item).body();
            assertEquals(200, api.setStock(sku, 5).statusCode());
            assertEquals(201, api.reserve(sku, 2).statusCode());

            if (kill) {
                first.process().destroyForcibly();
                first.exitCode(TIMEOUT);
            } else {
                first.process().destroy();
                assertEquals(0, first.exitCode(TIMEOUT), () -> first.stdout() + " / " + first.stderr());
            }
        }

        try (PortkitProcess second = start()) {
            ApiClient api = new ApiClient(second.port()).withToken(token);

            HttpResponse<String> read = api.get(item);
            assertEquals(200, read.statusCode(), read.body());
            assertEquals(itemBody, read.body());
            assertEquals(
                    3,
                    ApiClient.json(api.get("/api/inventory/" + sku))
                            .get("stock")
                            .asInt());
            assertEquals(200, api.currentSession().statusCode(), "the session outlived the restart");
            assertEquals(201, api.tryLogIn(user, "wonderland").statusCode(), "and so did the user");
            HttpResponse<String> reserved = api.reserve(sku, 1);
            assertEquals(201, reserved.statusCode(), reserved.body());
            assertEquals(2, ApiClient.json(reserved).get("remaining").asInt());
            HttpResponse<String> restocked = api.setStock(sku, 10);
            assertEquals(200, restocked.statusCode(), restocked.body());

            second.process().destroy();
            assertEquals(0, second.exitCode(TIMEOUT));
        }
    }

    /** {@code users add}, as an operator runs it next to the service on the same {@code DATA_DIR}. */
    private void addUserToTheRunningService(String name, String password) throws Exception {
        try (PortkitProcess users = PortkitProcess.command(environment(), password + "\n", "users", "add", name)) {
            assertEquals(0, users.exitCode(TIMEOUT), () -> users.stdout() + " / " + users.stderr());
            assertEquals(List.of("added " + name), users.stdout());
        }
    }

    private Map<String, String> environment() {
        return Map.of(
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "DATA_DIR", dataDir.toString(),
                "AUTH_USERS", TestUser.AUTH_USERS);
    }

    private PortkitProcess start() throws Exception {
        int port = PortkitProcess.freePort();
        Map<String, String> env = new HashMap<>(environment());
        env.put("PORT", Integer.toString(port));
        env.put("HTTP_HOST", "127.0.0.1");
        PortkitProcess process = PortkitProcess.start(env);
        try {
            process.awaitOutput("portkit started", TIMEOUT);
        } catch (AssertionError | RuntimeException e) {
            process.close(); // no process and no output files left behind
            throw e;
        }
        return process;
    }
}
