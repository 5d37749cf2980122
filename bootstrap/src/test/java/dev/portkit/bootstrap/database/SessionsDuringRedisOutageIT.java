package dev.portkit.bootstrap.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.testsupport.PostgresServerExtension;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions live in the database with Redis as their cache: while Redis is down nobody is logged out, logins,
 * session checks and writes keep working, and a logout made during the outage stays made after it.
 */
class SessionsDuringRedisOutageIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private Instance instance;

    @BeforeEach
    void start() {
        redis.server().start();
        instance = Instance.on(postgres, redis, Map.of("REDIS_BREAKER_OPEN_WAIT", "200ms"));
    }

    @AfterEach
    void stop() {
        instance.close();
        redis.server().start();
    }

    @Test
    void aRedisOutageLogsNobodyOutAndWritesKeepWorking() {
        ApiClient before = instance.api();
        before.logIn();
        String item = before.create("event", "{\"title\":\"Before the outage\"}");
        ApiClient leaving = instance.newClient();
        leaving.logIn();

        redis.server().stop();

        assertEquals(200, before.currentSession().statusCode(), "the session is checked against the database");
        HttpResponse<String> written = before.putContent(item, "{\"title\":\"During the outage\"}");
        assertEquals(200, written.statusCode(), written.body());
        ApiClient during = instance.newClient();
        during.logIn();
        assertEquals(
                201, during.createContent("event", "{\"title\":\"New login\"}").statusCode());
        assertEquals(204, leaving.logOut().statusCode());
        assertEquals(401, leaving.currentSession().statusCode());

        redis.server().start();

        assertEquals(200, before.currentSession().statusCode());
        assertEquals(200, during.currentSession().statusCode());
        assertEquals(401, leaving.currentSession().statusCode(), "a logout during the outage stays made");
    }
}
